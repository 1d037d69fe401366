// OpenSSL's libcrypto, for SHA-256 only (RecordIO's SHA256): its digests use the CPU's SHA
// instructions where there are any.
#include <openssl/evp.h>
