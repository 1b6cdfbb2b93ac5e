package io.minicontainer.cli;

import picocli.CommandLine.IVersionProvider;

/** podman info reads the first line; the spec version tells clients which config shape we speak. */
public final class VersionProvider implements IVersionProvider {
    public static final String VERSION = "0.1.0";
    public static final String SPEC_VERSION = io.minicontainer.plan.HookSteps.OCI_VERSION;

    @Override
    public String[] getVersion() {
        return new String[] {"mini-container version " + VERSION, "spec: " + SPEC_VERSION};
    }
}
