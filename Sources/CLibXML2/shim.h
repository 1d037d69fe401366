// libxml2 for RecordIO's XML reader. ICU is hidden: Debian's libxml2 pulls in the system ICU,
// while Foundation bundles its own, and the two clash ("UErrorCode has different definitions").
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/catalog.h>
