package dev.driverlab.web.api;

import dev.driverlab.session.InvalidRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The limits a request record declares with jakarta.validation constraints (which the OpenAPI document shows as
 * the fields' {@code minimum}/{@code maximum}), checked where the handler reaches them and reported as the API's
 * other request checks are: a 400 {@code bad-request} naming the first field out of bounds, in the record's order.
 */
final class RequestLimits {
    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    private RequestLimits() {}

    /** Throws {@link InvalidRequest} ("FIELD MESSAGE") for the first component of {@code request} out of bounds. */
    static void check(Record request) {
        Set<ConstraintViolation<Record>> broken = VALIDATOR.validate(request);
        if (broken.isEmpty()) return;
        List<String> order = Arrays.stream(request.getClass().getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        ConstraintViolation<Record> first = broken.stream()
                .min(Comparator.comparingInt((ConstraintViolation<Record> v) ->
                                order.indexOf(v.getPropertyPath().toString()))
                        .thenComparing(ConstraintViolation::getMessage))
                .orElseThrow();
        throw new InvalidRequest(first.getPropertyPath() + " " + first.getMessage());
    }
}
