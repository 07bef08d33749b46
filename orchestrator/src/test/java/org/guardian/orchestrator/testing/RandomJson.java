package org.guardian.orchestrator.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;

/** jqwik generators of JSON text: any value of any shape, with the numbers and strings that break parsers. */
public final class RandomJson {
    private static final List<String> AWKWARD_NUMBERS = List.of("0", "-0", "1.5", "3.0", "1e400", "-1e400", "1e-400",
            "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "0.1e1", "1E2", "-1");
    private static final List<String> AWKWARD_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "null", "NaN",
            "\ud800", "\udfff\ud800", "💥", "'; DROP TABLE orchestrator.maintenance_schedules; --", "${jndi:ldap://x}",
            "../../etc/passwd", "%00", "\\", "\"", "\n", "x".repeat(3000));

    private RandomJson() {
    }

    /** Any JSON value, nested up to three levels. */
    public static Arbitrary<String> values() {
        return values(3);
    }

    private static Arbitrary<String> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> values(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalars()),
                Tuple.of(1, arrayOf(inner)),
                Tuple.of(1, objectOf(strings(), inner)));
    }

    public static Arbitrary<String> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false"),
                Arbitraries.of(AWKWARD_NUMBERS),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.doubles().map(d -> Double.toString(d)),
                strings().map(RandomJson::quote));
    }

    /** Strings of any characters (NUL and lone surrogates included) and some known troublemakers. */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars("_-/:+. ").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of(AWKWARD_STRINGS)));
    }

    public static Arbitrary<String> arrayOf(Arbitrary<String> elements) {
        return elements.list().ofMaxSize(4).map(list -> "[" + String.join(", ", list) + "]");
    }

    public static Arbitrary<String> objectOf(Arbitrary<String> keys, Arbitrary<String> values) {
        return Combinators.combine(keys, values).as((k, v) -> quote(k) + ": " + v).list().ofMaxSize(4)
                .map(members -> "{" + String.join(", ", members) + "}");
    }

    /** A JSON string literal; everything outside printable ASCII escaped, so lone surrogates reach the server as such. */
    public static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
