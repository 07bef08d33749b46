package org.guardian.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.json.Json;
import jakarta.json.JsonMergePatch;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.ScheduleDefinition;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The body of PATCH: a JSON merge patch (RFC 7386, Jakarta JSON-P's {@link JsonMergePatch}) of a
 * schedule as PUT takes it. The patched body is read and checked as a PUT body is, so a field the
 * patch sets to null is removed and takes its default.
 */
public final class MergePatches {
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private final ObjectMapper mapper;
    private final Validator validator;

    public MergePatches(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** @throws RefusedException (MALFORMED) unless the body is a JSON object */
    public UnaryOperator<ScheduleDefinition> ofSchedule(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw RefusedException.malformed(List.of("body: must be a JSON object, a merge patch of the schedule"));
        }
        JsonMergePatch patch = Json.createMergePatch(jsonp(body.toString()));
        return current -> apply(patch, current);
    }

    private ScheduleDefinition apply(JsonMergePatch patch, ScheduleDefinition current) {
        JsonNode base = mapper.valueToTree(ScheduleRequest.of(current, notifyOf(current)));
        ScheduleRequest patched = read(patch.apply(jsonp(base.toString())).toString());
        List<String> errors = new ArrayList<>(validator.validate(patched).stream().map(MergePatches::describe)
                .sorted().toList());
        if (patched.name() != null && !patched.name().equals(current.name())) {
            errors.add("name: cannot be changed (it is " + current.name() + ")");
        }
        if (!errors.isEmpty()) {
            throw RefusedException.invalid(errors);
        }
        return patched.toDefinition(current.name());
    }

    /** The patched body as PUT would read it; a field of the wrong type or unknown is refused by name. */
    private ScheduleRequest read(String json) {
        try {
            return mapper.readValue(json, ScheduleRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw RefusedException.malformed(List.of(e.getPropertyName() + ": unknown field"));
        } catch (JsonMappingException e) {
            throw RefusedException.malformed(List.of(field(e) + ": " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw RefusedException.malformed(List.of("body: " + e.getOriginalMessage()));
        }
    }

    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String describe(ConstraintViolation<ScheduleRequest> violation) {
        return violation.getPropertyPath() + " " + violation.getMessage();
    }

    private JsonNode notifyOf(ScheduleDefinition current) {
        try {
            return current.notifyJson() == null ? null : mapper.readTree(current.notifyJson());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonValue jsonp(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
