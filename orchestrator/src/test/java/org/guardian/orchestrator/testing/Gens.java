package org.guardian.orchestrator.testing;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The QuickTheories generators the random-input ones are built of: choices in a fixed order (a
 * seed replays, and shrinking moves towards the first), lists, and strings of chosen chars.
 */
public final class Gens {
    /** Every UTF-16 char, lone surrogates and NUL included. */
    public static final char[] ANY_CHAR = chars(c -> true);
    /** Every char but the noncharacters and the private-use ones. */
    public static final char[] USED_CHARS = chars(c -> !(c >= 0xe000 && c <= 0xf8ff)
            && !(c >= 0xfdd0 && c <= 0xfdef) && c != 0xfffe && c != 0xffff);
    public static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    public static final String DIGITS = "0123456789";

    private Gens() {
    }

    /** One of {@code gens}, each as likely. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<T>... gens) {
        Gen<Integer> index = Generate.range(0, gens.length - 1);
        return in -> gens[index.generate(in)].generate(in);
    }

    @SafeVarargs
    public static <T> Gen<T> pick(T... values) {
        return Generate.pick(List.of(values));
    }

    public static <T> Gen<List<T>> listsOf(Gen<T> elements, int minSize, int maxSize) {
        return SourceDSL.lists().of(elements).ofSizeBetween(minSize, maxSize);
    }

    /** Strings of {@code minLength} to {@code maxLength} chars of {@code alphabet}. */
    public static Gen<String> strings(char[] alphabet, int minLength, int maxLength) {
        Gen<Integer> index = Generate.range(0, alphabet.length - 1);
        return Generate.intArrays(Generate.range(minLength, maxLength), index).map(indexes -> {
            char[] text = new char[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                text[i] = alphabet[indexes[i]];
            }
            return new String(text);
        });
    }

    public static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        return strings(alphabet.toCharArray(), minLength, maxLength);
    }

    /** The text with every char outside printable ASCII as \\uXXXX, to show a generated value in a report. */
    public static String readable(String text) {
        StringBuilder shown = new StringBuilder();
        for (char c : text.toCharArray()) {
            shown.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return shown.toString();
    }

    private static char[] chars(IntPredicate accepted) {
        int[] codes = IntStream.rangeClosed(Character.MIN_VALUE, Character.MAX_VALUE).filter(accepted).toArray();
        char[] chars = new char[codes.length];
        for (int i = 0; i < codes.length; i++) {
            chars[i] = (char) codes[i];
        }
        return chars;
    }
}
