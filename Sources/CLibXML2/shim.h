// libxml2 for RecordIO's XML reader. ICU is hidden: Debian's libxml2 pulls in the system ICU,
// while Foundation bundles its own, and the two clash ("UErrorCode has different definitions").
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/catalog.h>

// libxml2 reports some errors only through its generic error function, which by default prints to
// stderr, input bytes included (e.g. "encoding error : input conversion failed ..., bytes 0x81 0x6E"
// or "xmlParseChunk: encoder error"). That function is variadic, which Swift cannot write, so the
// silent one lives here. libxml2's error handlers are per thread: call this on the parsing thread.
static inline void memberlink_silent_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void memberlink_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, memberlink_silent_generic_error);
    xmlThrDefSetGenericErrorFunc(NULL, memberlink_silent_generic_error);
}
