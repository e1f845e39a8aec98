package dev.driverlab.web.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A typed heap object's fields as the lab's heap boxes show them: struct members, one level of nesting flattened. */
public record HeapObject(int id, List<Field> fields) {

    /**
     * One member: {@code value} as C would print it; a pointer also names the object it points into ({@code target},
     * with the byte {@code offset} inside it) or the function it points to ({@code symbol}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String name, String type, String value, Integer target, Integer offset, String symbol) {}
}
