package io.nearby.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Typed access to the fields of a JSON request body; every problem is a 400 {@code bad_request} whose message names
 * the field ("field 'enabled' must be a boolean", "field 'name' is required", "field 'name' must be at most 100
 * characters"). Lengths are counted in Unicode code points. A JSON {@code null} counts as absent.
 */
public final class JsonFields {
    private final ObjectNode object;

    JsonFields(ObjectNode object) {
        this.object = object;
    }

    /** The parsed object, for fields this class has no accessor for. */
    public ObjectNode node() {
        return object;
    }

    public boolean has(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    /** @throws ApiException 400 when absent or not a JSON boolean */
    public boolean requiredBoolean(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw bad(field, "must be a boolean");
        }
        return value.booleanValue();
    }

    /** @throws ApiException 400 when absent or not a JSON string */
    public String requiredString(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw bad(field, "must be a string");
        }
        return value.textValue();
    }

    /**
     * A string field trimmed of surrounding whitespace, 1 to {@code maxChars} code points long.
     *
     * @throws ApiException 400 when absent, not a string, blank or too long
     */
    public String requiredText(String field, int maxChars) {
        String text = requiredString(field).strip();
        if (text.isEmpty()) {
            throw bad(field, "must not be blank");
        }
        return checkLength(field, text, maxChars);
    }

    /**
     * A string field trimmed of surrounding whitespace, at most {@code maxChars} code points; empty when absent.
     *
     * @throws ApiException 400 when present but not a string, or too long
     */
    public Optional<String> optionalText(String field, int maxChars) {
        if (!has(field)) {
            return Optional.empty();
        }
        return Optional.of(checkLength(field, requiredString(field).strip(), maxChars));
    }

    /** @return a 400 exception "field '&lt;field&gt;' &lt;problem&gt;" */
    public static ApiException bad(String field, String problem) {
        return ApiError.BAD_REQUEST.exception("field '" + field + "' " + problem);
    }

    private JsonNode required(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw bad(field, "is required");
        }
        return value;
    }

    private static String checkLength(String field, String text, int maxChars) {
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw bad(field, "must be at most " + maxChars + " characters");
        }
        return text;
    }
}
