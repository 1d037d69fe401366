/*
 * libxml2's own cost of reading a file, as MemberLink's XMLEventReader drives it: the SAX2 push
 * parser (xmlCreatePushParserCtxt + xmlParseChunk, 64 KiB chunks, XML_PARSE_NONET |
 * XML_PARSE_NOCDATA) with callbacks that do nothing but count. No events are kept and no records
 * made: this is the floor under any reader built on libxml2's parser, on one core.
 * Built and run by Benchmarks/run.sh (step `sax-floor`):
 *
 *     cc -O2 Benchmarks/sax_floor.c $(pkg-config --cflags --libs libxml-2.0) -o sax_floor
 *     ./sax_floor bookings.xml
 */
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

static long elements;

static void start_element(void *context, const xmlChar *local_name, const xmlChar *prefix, const xmlChar *uri,
                          int namespace_count, const xmlChar **namespaces, int attribute_count, int defaulted,
                          const xmlChar **attributes) {
    elements++;
}

static void end_element(void *context, const xmlChar *local_name, const xmlChar *prefix, const xmlChar *uri) {}

static void characters(void *context, const xmlChar *bytes, int count) {}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: sax_floor FILE.xml\n");
        return 64;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 66;
    }
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = start_element;
    handler.endElementNs = end_element;
    handler.characters = characters;
    handler.cdataBlock = characters;
    xmlParserCtxtPtr context = xmlCreatePushParserCtxt(&handler, NULL, NULL, 0, argv[1]);
    xmlCtxtUseOptions(context, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    static char chunk[64 << 10];
    size_t count;
    int status = 0;
    while (status == 0 && (count = fread(chunk, 1, sizeof chunk, file)) > 0) {
        status = xmlParseChunk(context, chunk, (int)count, 0);
    }
    if (status == 0) status = xmlParseChunk(context, NULL, 0, 1);
    int well_formed = context->wellFormed;
    xmlFreeParserCtxt(context);
    fclose(file);
    printf("sax_floor: %ld elements, %s\n", elements, well_formed && status == 0 ? "well-formed" : "NOT well-formed");
    return well_formed && status == 0 ? 0 : 65;
}
