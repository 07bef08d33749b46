package org.guardian.orchestrator.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;
import java.util.Optional;

import static org.guardian.orchestrator.testing.RandomJson.quote;

/**
 * jqwik generators of schedule bodies for POST and PUT: mostly objects whose fields are absent,
 * plausible (near the edges of what is valid) or any JSON value, sometimes another JSON value or
 * text that is not JSON at all.
 */
public final class RandomScheduleBodies {
    private static final List<String> CRON_TOKENS = List.of("*", "?", "0", "1", "5", "7", "12", "23", "24", "31",
            "32", "59", "60", "-1", "*/0", "*/5", "0/15", "1-5", "5-1", "MON", "SUN", "JAN", "DEC", "MON-FRI", "1,2,3",
            "L", "W", "LW", "5L", "1#6", "3#2", "15W", "1970", "2020", "2099", "2199", "2299", "3000", ",", "x");
    private static final List<String> CRONS = List.of("* * * * *", "0 0 1 1 *", "@daily", "@reboot", "@hourly",
            "30 2 * * *", "0 0 0 1 1 ? 2020", "0 0 0 1 1 ? 2099", "0 0 0 1 1 ? 2199", "0 0 0 ? * 5#6",
            "0 0 12 L * ?", "0 0 0 31 2 ?", "0 0 0 30 2 *", "* * * * * * * *", "0 0 0 * * ? 1970-2020",
            "0 " + String.join(",", java.util.stream.IntStream.range(0, 60).mapToObj(Integer::toString).toList())
                    + " * * * ?");
    private static final List<String> VALID_CRONS = List.of("0 0 1 1 *", "@daily", "30 2 * * *", "0 0 12 L * ?",
            "0 15 10 ? * MON-FRI", "0 0 0 1 1 ? 2099", "*/30 * 1-7 * 1", "0 30 1 * * ?");

    /** Every field of a body: valid values, then values near or past the edge of valid; in a fixed order so that a seed replays. */
    private static final List<Field> FIELDS = List.of(
            new Field("name", names(), Arbitraries.oneOf(RandomJson.strings().map(RandomJson::quote),
                    Arbitraries.of("\"alpha\"", "\"Gamma\"", "\"" + "g".repeat(64) + "\""))),
            new Field("operation", quoted("noop"), texts("noop", "sleep", "fail", "flaky", "pg_sleep", "nope", "")),
            new Field("cron", Arbitraries.of(VALID_CRONS).map(RandomJson::quote), crons()),
            new Field("timeZone", quoted("UTC", "Europe/Berlin", "America/New_York"),
                    texts("Mars/Olympus", "+05:00", "GMT+3", "EST", "utc", "")),
            new Field("enabled", Arbitraries.of("true", "false"), Arbitraries.of("null", "1", "\"yes\"")),
            new Field("dependsOn", Arbitraries.of("[]", "[\"alpha\"]"),
                    RandomJson.arrayOf(Arbitraries.oneOf(names(), Arbitraries.just("null")))),
            new Field("maxDuration", quoted("PT1M", "PT0.5S", "P1D", "PT0.000001S"), durations()),
            new Field("maxRetries", Arbitraries.integers().between(0, 100).map(Object::toString), integers()),
            new Field("retryBackoff", quoted("PT0S", "PT30S", "P366D"), durations()),
            new Field("maxConsecutiveFailures", Arbitraries.integers().between(1, 1000).map(Object::toString),
                    integers()),
            new Field("dependencyWindow", quoted("P1D", "PT1H"), durations()),
            new Field("priority", Arbitraries.integers().between(1, 10).map(Object::toString), integers()),
            new Field("misfirePolicy", quoted("FIRE_ONCE", "SKIP"), texts("fire_once", "LATER", "")),
            new Field("config", Arbitraries.just("{}"), RandomJson.objectOf(
                    Arbitraries.oneOf(Arbitraries.of("seconds", "message", "failures", "batch_size"),
                            RandomJson.strings()),
                    Arbitraries.oneOf(integers(), RandomJson.values()))));

    /** A field of the body with its valid values and its edgy ones (mostly invalid). */
    private record Field(String name, Arbitrary<String> valid, Arbitrary<String> edgy) {
    }

    private RandomScheduleBodies() {
    }

    public static Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(16, objects()),
                Tuple.of(1, RandomJson.values()),
                Tuple.of(1, RandomJson.strings()));
    }

    /** Objects with about one field in seven wrong: many are accepted, most refusals name one field. */
    private static Arbitrary<String> objects() {
        List<Arbitrary<Optional<String>>> members = FIELDS.stream().map(RandomScheduleBodies::member).toList();
        Arbitrary<Optional<String>> stranger = Arbitraries.frequencyOf(
                Tuple.of(19, Arbitraries.just(Optional.empty())),
                Tuple.of(1, Combinators.combine(RandomJson.strings(), RandomJson.values())
                        .as((k, v) -> Optional.of(quote(k) + ": " + v))));
        return Combinators.combine(Combinators.combine(members).as(list -> list), stranger)
                .as((known, unknown) -> "{" + String.join(", ", present(known, unknown)) + "}");
    }

    private static List<String> present(List<Optional<String>> known, Optional<String> unknown) {
        return java.util.stream.Stream.concat(known.stream(), java.util.stream.Stream.of(unknown))
                .flatMap(Optional::stream).toList();
    }

    /** A field absent (name and cron rarely), valid, edgy, or any JSON value. */
    private static Arbitrary<Optional<String>> member(Field field) {
        boolean required = field.name().equals("name") || field.name().equals("cron");
        return Arbitraries.frequencyOf(
                Tuple.of(required ? 2 : 50, Arbitraries.just(Optional.empty())),
                Tuple.of(required ? 128 : 80, field.valid().map(v -> Optional.of(quote(field.name()) + ": " + v))),
                Tuple.of(7, field.edgy().map(v -> Optional.of(quote(field.name()) + ": " + v))),
                Tuple.of(3, RandomJson.values().map(v -> Optional.of(quote(field.name()) + ": " + v))));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_').ofMaxLength(20)
                .map(s -> quote("fz" + s));
    }

    private static Arbitrary<String> crons() {
        Arbitrary<String> tokens = Arbitraries.of(CRON_TOKENS).list().ofMinSize(4).ofMaxSize(8)
                .map(list -> String.join(" ", list));
        return Arbitraries.oneOf(Arbitraries.of(CRONS), tokens, RandomJson.strings()).map(RandomJson::quote);
    }

    private static Arbitrary<String> durations() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("0", "0.0000001", "0.000001", "0.5", "1", "31622400", "99999999999999999999"));
        Arbitrary<String> iso = Combinators.combine(Arbitraries.of("", "-"), Arbitraries.of("P", "PT"), number,
                Arbitraries.of("S", "M", "H", "D", "W", "Y", "")).as((sign, p, n, unit) -> sign + p + n + unit);
        return Arbitraries.oneOf(iso, Arbitraries.of("PT0S", "PT1S", "P1D", "P366D", "P367D", "PT45M", "1 day", ""),
                RandomJson.strings()).map(RandomJson::quote);
    }

    private static Arbitrary<String> integers() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-5, 1100).map(Object::toString),
                Arbitraries.of("2147483648", "-2147483649", "1e3", "1.5", "99999999999999999999", "\"5\"", "null"));
    }

    private static Arbitrary<String> quoted(String... values) {
        return Arbitraries.of(values).map(RandomJson::quote);
    }

    private static Arbitrary<String> texts(String... values) {
        return Arbitraries.oneOf(Arbitraries.of(values), RandomJson.strings()).map(RandomJson::quote);
    }
}
