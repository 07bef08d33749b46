package org.guardian.orchestrator.testing;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.guardian.orchestrator.testing.Gens.oneOf;
import static org.guardian.orchestrator.testing.Gens.pick;
import static org.guardian.orchestrator.testing.RandomJson.quote;

/**
 * QuickTheories generators of schedule bodies for POST and PUT: mostly objects whose fields are
 * absent, plausible (near the edges of what is valid) or any JSON value, sometimes another JSON
 * value or text that is not JSON at all.
 */
public final class RandomScheduleBodies {
    private static final List<String> CRON_TOKENS = List.of("*", "?", "0", "1", "5", "7", "12", "23", "24", "31",
            "32", "59", "60", "-1", "*/0", "*/5", "0/15", "1-5", "5-1", "MON", "SUN", "JAN", "DEC", "MON-FRI", "1,2,3",
            "L", "W", "LW", "5L", "1#6", "3#2", "15W", "1970", "2020", "2099", "2199", "2299", "3000", ",", "x");
    private static final List<String> CRONS = List.of("* * * * *", "0 0 1 1 *", "@daily", "@reboot", "@hourly",
            "30 2 * * *", "0 0 0 1 1 ? 2020", "0 0 0 1 1 ? 2099", "0 0 0 1 1 ? 2199", "0 0 0 ? * 5#6",
            "0 0 12 L * ?", "0 0 0 31 2 ?", "0 0 0 30 2 *", "* * * * * * * *", "0 0 0 * * ? 1970-2020",
            "0 " + String.join(",", IntStream.range(0, 60).mapToObj(Integer::toString).toList()) + " * * * ?");
    private static final List<String> VALID_CRONS = List.of("0 0 1 1 *", "@daily", "30 2 * * *", "0 0 12 L * ?",
            "0 15 10 ? * MON-FRI", "0 0 0 1 1 ? 2099", "*/30 * 1-7 * 1", "0 30 1 * * ?");

    /** Every field of a body: valid values, then values near or past the edge of valid; in a fixed order so that a seed replays. */
    private static final List<Field> FIELDS = List.of(
            new Field("name", names(), oneOf(RandomJson.strings().map(RandomJson::quote),
                    pick("\"alpha\"", "\"Gamma\"", "\"" + "g".repeat(64) + "\""))),
            new Field("operation", quoted("noop"), texts("noop", "sleep", "fail", "flaky", "pg_sleep", "nope", "")),
            new Field("cron", Generate.pick(VALID_CRONS).map(RandomJson::quote), crons()),
            new Field("timeZone", quoted("UTC", "Europe/Berlin", "America/New_York"),
                    texts("Mars/Olympus", "+05:00", "GMT+3", "EST", "utc", "")),
            new Field("enabled", pick("true", "false"), pick("null", "1", "\"yes\"")),
            new Field("dependsOn", pick("[]", "[\"alpha\"]"),
                    RandomJson.arrayOf(oneOf(names(), Generate.constant("null")))),
            new Field("maxDuration", quoted("PT1M", "PT0.5S", "P1D", "PT0.000001S"), durations()),
            new Field("maxRetries", between(0, 100), integers()),
            new Field("retryBackoff", quoted("PT0S", "PT30S", "P366D"), durations()),
            new Field("maxConsecutiveFailures", between(1, 1000), integers()),
            new Field("dependencyWindow", quoted("P1D", "PT1H"), durations()),
            new Field("priority", between(1, 10), integers()),
            new Field("misfirePolicy", quoted("FIRE_ONCE", "SKIP"), texts("fire_once", "LATER", "")),
            new Field("config", Generate.constant("{}"), RandomJson.objectOf(
                    oneOf(pick("seconds", "message", "failures", "batch_size"), RandomJson.strings()),
                    oneOf(integers(), RandomJson.values()))));

    /** A field of the body with its valid values and its edgy ones (mostly invalid). */
    private record Field(String name, Gen<String> valid, Gen<String> edgy) {
    }

    private RandomScheduleBodies() {
    }

    public static Gen<String> bodies() {
        return Generate.frequency(
                Pair.of(16, objects()),
                Pair.of(1, RandomJson.values()),
                Pair.of(1, RandomJson.strings()));
    }

    /** Objects with about one field in seven wrong: many are accepted, most refusals name one field. */
    private static Gen<String> objects() {
        List<Gen<Optional<String>>> members = FIELDS.stream().map(RandomScheduleBodies::member).toList();
        Gen<Optional<String>> stranger = Generate.frequency(
                Pair.of(19, Generate.constant(Optional.<String>empty())),
                Pair.of(1, RandomJson.strings().zip(RandomJson.values(), (k, v) -> Optional.of(quote(k) + ": " + v))));
        return in -> {
            List<String> present = new ArrayList<>();
            members.forEach(member -> member.generate(in).ifPresent(present::add));
            stranger.generate(in).ifPresent(present::add);
            return "{" + String.join(", ", present) + "}";
        };
    }

    /** A field absent (name and cron rarely), valid, edgy, or any JSON value. */
    private static Gen<Optional<String>> member(Field field) {
        boolean required = field.name().equals("name") || field.name().equals("cron");
        return Generate.frequency(
                Pair.of(required ? 2 : 50, Generate.constant(Optional.<String>empty())),
                Pair.of(required ? 128 : 80, present(field.name(), field.valid())),
                Pair.of(7, present(field.name(), field.edgy())),
                Pair.of(3, present(field.name(), RandomJson.values())));
    }

    private static Gen<Optional<String>> present(String name, Gen<String> values) {
        return values.map(v -> Optional.of(quote(name) + ": " + v));
    }

    private static Gen<String> names() {
        return Gens.strings(Gens.LOWER + Gens.DIGITS + "_", 0, 20).map(s -> quote("fz" + s));
    }

    private static Gen<String> crons() {
        Gen<String> tokens = Gens.listsOf(Generate.pick(CRON_TOKENS), 4, 8).map(list -> String.join(" ", list));
        return oneOf(Generate.pick(CRONS), tokens, RandomJson.strings()).map(RandomJson::quote);
    }

    private static Gen<String> durations() {
        Gen<String> number = oneOf(SourceDSL.longs().all().map(n -> Long.toString(n)),
                pick("0", "0.0000001", "0.000001", "0.5", "1", "31622400", "99999999999999999999"));
        Gen<String> iso = pick("", "-").zip(pick("P", "PT"), number, pick("S", "M", "H", "D", "W", "Y", ""),
                (sign, p, n, unit) -> sign + p + n + unit);
        return oneOf(iso, pick("PT0S", "PT1S", "P1D", "P366D", "P367D", "PT45M", "1 day", ""), RandomJson.strings())
                .map(RandomJson::quote);
    }

    private static Gen<String> integers() {
        return oneOf(between(-5, 1100),
                pick("2147483648", "-2147483649", "1e3", "1.5", "99999999999999999999", "\"5\"", "null"));
    }

    private static Gen<String> between(int min, int max) {
        return Generate.range(min, max).map(n -> Integer.toString(n));
    }

    private static Gen<String> quoted(String... values) {
        return pick(values).map(RandomJson::quote);
    }

    private static Gen<String> texts(String... values) {
        return oneOf(pick(values), RandomJson.strings()).map(RandomJson::quote);
    }
}
