package io.minicontainer.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.util.Map;

/** The public OCI state document (what `state` prints and hooks read on stdin). */
public final class OciState {
    private OciState() {}

    public static ObjectNode json(ContainerState s, String status) {
        ObjectNode o = StateStore.mapper().createObjectNode();
        o.put("ociVersion", s.ociVersion());
        o.put("id", s.id());
        o.put("status", status);
        // runc reports 0 for a stopped container: the recorded pid may belong to someone else by now.
        o.put("pid", ContainerState.STOPPED.equals(status) ? 0 : s.pid());
        o.put("bundle", s.bundle());
        if (s.rootfs() != null) o.put("rootfs", s.rootfs());
        if (s.created() != null) o.put("created", s.created());
        ObjectNode annotations = o.putObject("annotations");
        Map<String, String> a = s.annotations();
        if (a != null) a.forEach(annotations::put);
        return o;
    }

    public static String text(ContainerState s, String status) { return json(s, status).toString(); }
}
