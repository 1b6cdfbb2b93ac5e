package io.minicontainer.validate;

import io.minicontainer.validate.core.DidYouMean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minicontainer.spec.CapabilityNames;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    @Test
    void transpositionIsOneEdit() {
        assertEquals(Optional.of("hostname"), DidYouMean.closest("hostnmae", List.of("hostname", "domainname", "process")));
    }

    @Test
    void truncatedNameFindsTheLongForm() {
        assertEquals(Optional.of("CAP_NET_BIND_SERVICE"), DidYouMean.closest("CAP_NET_BIND", CapabilityNames.all()));
    }

    @Test
    void farAwayWordsGetNoSuggestion() {
        assertEquals(Optional.empty(), DidYouMean.closest("banana", List.of("hostname", "mounts")));
    }
}
