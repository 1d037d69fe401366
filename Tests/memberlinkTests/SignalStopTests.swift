import Foundation
import Testing

/// SIGTERM or SIGINT during a run (issue 5): the run stops between records, publishes nothing,
/// leaves the ledger unchanged and exits 143 or 130; the next run then goes through.
@Suite("A signal stops a run cleanly")
struct SignalStopTests {
    @Test("stopped mid-run: exit 128 + signal, no output, and the next run completes", arguments: [SIGTERM, SIGINT])
    func stopMidRun(signal: Int32) throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        var text = "system,bookingCode,departureDate,index,passengerId,passengerType,givenName,surname,airline,membershipId\n"
        for number in 0..<150_000 {
            text += "VN,S\(String(number, radix: 36).uppercased().padding(toLength: 6, withPad: "0", startingAt: 0)),2026-12-01,1,P\(number),ADT,Van An,Nguyen,VN,9200000017\n"
        }
        let input = try workspace.write("in/big.csv", text)
        let out = workspace.path("out")

        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = [
            "run", "--pipeline", "Pipelines/vn-agency.yaml", "--directory", database, "--out", out, "--input", input,
        ]
        process.currentDirectoryURL = CLIRunner.repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning, "the run should still be working on 150,000 records")
        kill(process.processIdentifier, signal)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 128 + signal, "\(message)")
        #expect(message.contains("nothing of this run was published"), "\(message)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(left.filter { $0 != "rejects" }.isEmpty, "no output, no temporary file: \(left)")

        // The lock is free again: the next run (on the small sample, to keep the test short) completes.
        let rerun = try CLIRunner.run(["run", "--pipeline", "Pipelines/vn-agency.yaml", "--directory", database, "--out", out])
        #expect(rerun.status == 0, "\(rerun.standardError)")
    }
}
