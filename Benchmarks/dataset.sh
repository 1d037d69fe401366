# The benchmark's data set, sourced by run.sh and instructions.sh (with `root` set to the
# project's folder): its size and seed, from the environment, and where its generated inputs
# (`data`) and its measurements' files (`work`) live.
MEMBERS=${MEMBERS:-1000000}
PASSENGERS=${PASSENGERS:-1000000}
SEED=${SEED:-1}
data="$root/Benchmarks/data/m$MEMBERS-p$PASSENGERS-s$SEED"
work="$root/Benchmarks/work/m$MEMBERS-p$PASSENGERS-s$SEED"
