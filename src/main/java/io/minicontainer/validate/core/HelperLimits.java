package io.minicontainer.validate.core;

/**
 * The helper's protocol limits (MAX_* in mc-helper.c), and the sizes it counts them with. Validation
 * refuses most configs that would cross one, field by field ({@code validate.checks.HelperLimitsCheck});
 * {@code plan.PlanSize} is the backstop for what only the plan knows.
 */
public final class HelperLimits {
    public static final int MAX_STEPS = 4096;
    public static final int MAX_INTS = 65536;
    public static final int MAX_STRS = 65536;
    public static final int MAX_STR_LEN = 1 << 20;
    public static final int MAX_PLAN_BYTES = 16 << 20;
    /** sizeof(struct step) and sizeof(struct str) in the helper, as plan_alloc counts them. */
    public static final int STEP_BYTES = 32, STR_BYTES = 16;

    private HelperLimits() {}
}
