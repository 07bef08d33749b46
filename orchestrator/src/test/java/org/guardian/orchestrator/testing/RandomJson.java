package org.guardian.orchestrator.testing;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

import java.util.List;

import static org.guardian.orchestrator.testing.Gens.listsOf;
import static org.guardian.orchestrator.testing.Gens.oneOf;

/** QuickTheories generators of JSON text: any value of any shape, with the numbers and strings that break parsers. */
public final class RandomJson {
    private static final List<String> AWKWARD_NUMBERS = List.of("0", "-0", "1.5", "3.0", "1e400", "-1e400", "1e-400",
            "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "0.1e1", "1E2", "-1");
    private static final List<String> AWKWARD_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "null", "NaN",
            "\ud800", "\udfff\ud800", "💥", "'; DROP TABLE orchestrator.maintenance_schedules; --", "${jndi:ldap://x}",
            "../../etc/passwd", "%00", "\\", "\"", "\n", "x".repeat(3000));
    private static final String WORD_CHARS = Gens.LOWER + Gens.LOWER.toUpperCase() + Gens.DIGITS + "_-/:+. ";
    /** The bits of Double.MAX_VALUE: every bit pattern from 0 to it is a finite double of that sign. */
    private static final long MAX_FINITE_BITS = Double.doubleToRawLongBits(Double.MAX_VALUE);

    private RandomJson() {
    }

    /** Any JSON value, nested up to three levels. */
    public static Gen<String> values() {
        return values(3);
    }

    private static Gen<String> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Gen<String> inner = values(depth - 1);
        return Generate.frequency(
                Pair.of(6, scalars()),
                Pair.of(1, arrayOf(inner)),
                Pair.of(1, objectOf(strings(), inner)));
    }

    public static Gen<String> scalars() {
        return oneOf(
                Gens.pick("null", "true", "false"),
                Generate.pick(AWKWARD_NUMBERS),
                SourceDSL.longs().all().map(n -> Long.toString(n)),
                finiteDoubles().map(d -> Double.toString(d)),
                strings().map(RandomJson::quote));
    }

    /** Strings of any characters (NUL and lone surrogates included) and some known troublemakers. */
    public static Gen<String> strings() {
        return Generate.frequency(
                Pair.of(3, Gens.strings(Gens.ANY_CHAR, 0, 20)),
                Pair.of(2, Gens.strings(WORD_CHARS, 0, 30)),
                Pair.of(1, Generate.pick(AWKWARD_STRINGS)));
    }

    public static Gen<String> arrayOf(Gen<String> elements) {
        return listsOf(elements, 0, 4).map(list -> "[" + String.join(", ", list) + "]");
    }

    public static Gen<String> objectOf(Gen<String> keys, Gen<String> values) {
        Gen<String> member = keys.zip(values, (k, v) -> quote(k) + ": " + v);
        return listsOf(member, 0, 4).map(members -> "{" + String.join(", ", members) + "}");
    }

    /** A JSON string literal; everything outside printable ASCII escaped, so lone surrogates reach the server as such. */
    public static String quote(String text) {
        return "\"" + Gens.readable(text.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }

    /** Finite doubles of either sign, of every magnitude from subnormal to Double.MAX_VALUE. */
    private static Gen<Double> finiteDoubles() {
        Gen<Double> magnitudes = Generate.longRange(0, MAX_FINITE_BITS).map(Double::longBitsToDouble);
        return Gens.pick(1.0, -1.0).zip(magnitudes, (sign, magnitude) -> sign * magnitude);
    }
}
