package dev.moescope.resources;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180 quoting, no embedded line breaks). */
final class CsvLine {

    private CsvLine() {
    }

    static List<String> split(String line, Object source, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw CorpusException.at(source, lineNo, "unterminated quoted field");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        return fields;
    }

    /** Quotes a field when it holds a comma, quote or leading/trailing space. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || !field.equals(field.strip())) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
