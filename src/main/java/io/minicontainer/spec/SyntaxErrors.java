package io.minicontainer.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Jackson's parser complaints into plain sentences with a likely fix. */
final class SyntaxErrors {
    record Explained(String message, String hint) {}

    private SyntaxErrors() {}

    static Explained explain(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) return overLimit(m);
        if (m.contains("expecting comma to separate Object entries")) {
            return new Explained("expected ',' or '}' after a property value",
                    "a comma or closing brace is probably missing");
        }
        if (m.contains("expecting comma to separate Array entries")) {
            return new Explained("expected ',' or ']' after an array element",
                    "a comma or closing bracket is probably missing");
        }
        if (m.contains("expecting double-quote to start field name")) {
            return new Explained("expected a property name in double quotes",
                    "JSON allows no trailing comma before '}' and needs double quotes around names");
        }
        if (m.contains("expected a value") || m.contains("expected a valid value")) {
            return new Explained("expected a value",
                    "a value is missing, or a trailing comma precedes ']' or '}'; strings need double quotes");
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return new Explained("unexpected end of file", "a closing brace, bracket or quote is probably missing");
        }
        if (m.startsWith("Unexpected close marker")) {
            return new Explained("a closing bracket or brace does not match what was opened",
                    "check that every '{' ends with '}' and every '[' with ']'");
        }
        if (m.startsWith("Unrecognized token")) {
            return new Explained("unrecognized word " + quoted(m),
                    "strings need double quotes; true, false and null are lowercase");
        }
        if (m.contains("Leading zeroes not allowed")) {
            return new Explained("a number starts with 0",
                    "JSON has no octal numbers: write umask 0022 as 18, or drop the leading zero");
        }
        if (m.contains("Illegal unquoted character")) {
            return new Explained("a line break or control character inside a string",
                    "escape it, for example \\n or \\t");
        }
        if (m.contains("Unexpected character ('/'")) {
            return new Explained("comments are not allowed in JSON", "remove the // or /* */ comment");
        }
        if (m.contains("Unexpected character ('''")) {
            return new Explained("single quotes are not allowed in JSON", "use double quotes");
        }
        if (m.startsWith("Unexpected character")) {
            return new Explained("unexpected character " + quoted(m), null);
        }
        return new Explained("invalid JSON", null);
    }

    /** Jackson's StreamReadConstraints: say which limit, in words, instead of "invalid JSON". */
    private static Explained overLimit(String m) {
        Matcher lim = LIMIT.matcher(m);
        if (!lim.find()) return new Explained("the config exceeds a limit of the JSON parser: " + m, null);
        long max = Long.parseLong(lim.group(1));
        String what = switch (lim.group(2)) {
            case "StringLength" -> "string longer than " + size(max);
            case "NameLength" -> "property name longer than " + max + " characters";
            case "NumberLength" -> "number longer than " + max + " digits";
            case "NestingDepth" -> "nested deeper than " + max + " levels";
            case "DocumentLength" -> "document longer than " + size(max);
            case "TokenCount" -> "more than " + max + " JSON tokens";
            default -> "over the JSON parser's limit " + lim.group(2) + " (" + max + ")";
        };
        return new Explained(what + " (the JSON parser's limit)", "a config this large is a mistake, or an attempt to exhaust the runtime");
    }

    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+), from `StreamReadConstraints\\.getMax(\\w+)\\(\\)`");

    private static String size(long bytes) {
        return bytes % 1_000_000 == 0 ? bytes / 1_000_000 + " MB" : bytes + " characters";
    }

    private static String quoted(String m) {
        int a = m.indexOf('\'');
        int b = a < 0 ? -1 : m.indexOf('\'', a + 1);
        if (a >= 0 && b > a + 1) return "'" + m.substring(a + 1, b) + "'";
        return "";
    }
}
