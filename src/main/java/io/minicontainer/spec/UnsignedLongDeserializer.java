package io.minicontainer.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** rlimit values are uint64 (RLIM_INFINITY = 2^64-1); keep the same 64 bits in a Java long. */
public final class UnsignedLongDeserializer extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return p.getBigIntegerValue().longValue();
    }

    /** For a primitive {@code long}: absent or null is 0, as Jackson gives a primitive without a deserializer. */
    public static final class Primitive extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getBigIntegerValue().longValue();
        }

        @Override public Long getNullValue(DeserializationContext ctxt) { return 0L; }

        @Override public Object getAbsentValue(DeserializationContext ctxt) { return 0L; }
    }
}
