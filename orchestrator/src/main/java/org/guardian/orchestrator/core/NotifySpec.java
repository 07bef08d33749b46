package org.guardian.orchestrator.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A schedule's {@code notify}: which of its events notify whom. Absent (null) means every event to
 * the configured channels; {@code {"events": []}} means none.
 *
 * @param events  the events that notify, or null for all
 * @param email   recipients instead of the configured ones, or null for those
 * @param webhook whether the configured webhook is told; null for yes
 */
public record NotifySpec(Set<NotificationEvent> events, List<String> email, Boolean webhook) {
    public static final NotifySpec DEFAULTS = new NotifySpec(null, null, null);
    private static final Set<String> FIELDS = Set.of("events", "email", "webhook");
    private static final String EMAIL = "^[^@\\s,]+@[^@\\s,]+$";

    public boolean notifies(NotificationEvent event) {
        return events == null || events.contains(event);
    }

    public boolean webhookOn() {
        return webhook == null || webhook;
    }

    /** @throws RefusedException (INVALID) naming each bad field, e.g. {@code notify.events[1]: unknown event "X"} */
    public static NotifySpec parse(JsonNode node) {
        List<String> errors = new ArrayList<>();
        NotifySpec spec = read(node, errors);
        if (!errors.isEmpty()) {
            throw RefusedException.invalid(errors);
        }
        return spec;
    }

    /**
     * What makes a stored {@code notify} (JSON text, written by SQL) unusable, or null when it is
     * usable or absent: such a schedule keeps running and notifies with the defaults.
     */
    public static String problemOf(String notifyJson) {
        if (notifyJson == null) {
            return null;
        }
        List<String> errors = new ArrayList<>();
        try {
            read(new ObjectMapper().readTree(notifyJson), errors);
        } catch (JsonProcessingException e) {
            errors.add("notify: not JSON");
        }
        return errors.isEmpty() ? null
                : "notify cannot be used, notifying with the defaults: " + String.join("; ", errors);
    }

    /** Adds to {@code errors} what is wrong with {@code node} as a {@code notify}. */
    public static void check(JsonNode node, List<String> errors) {
        read(node, errors);
    }

    private static NotifySpec read(JsonNode node, List<String> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return DEFAULTS;
        }
        if (!node.isObject()) {
            errors.add("notify: must be an object such as {\"events\": [\"SUPPRESSED\"], \"email\": [\"oncall@example.org\"]}");
            return DEFAULTS;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add("notify." + name + ": unknown field (events, email, webhook)");
            }
        }
        Set<NotificationEvent> events = events(node.get("events"), errors);
        List<String> email = emails(node.get("email"), errors);
        JsonNode webhook = node.get("webhook");
        if (webhook != null && !webhook.isNull() && !webhook.isBoolean()) {
            errors.add("notify.webhook: must be true or false");
        }
        return new NotifySpec(events, email, webhook == null || !webhook.isBoolean() ? null : webhook.booleanValue());
    }

    private static Set<NotificationEvent> events(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add("notify.events: must be a list of events");
            return null;
        }
        Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            try {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("not a name");
                }
                events.add(NotificationEvent.valueOf(item.asText()));
            } catch (IllegalArgumentException e) {
                errors.add("notify.events[" + i + "]: unknown event " + item + " (one of " + List.of(NotificationEvent.values())
                        + ")");
            }
        }
        return events;
    }

    private static List<String> emails(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add("notify.email: must be a list of addresses");
            return null;
        }
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || !item.asText().matches(EMAIL)) {
                errors.add("notify.email[" + i + "]: not an email address: " + item);
            } else {
                emails.add(item.asText());
            }
        }
        return emails;
    }
}
