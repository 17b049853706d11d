package dev.lineage.registry;

/**
 * An alias name protected in every model of a store ({@link ModelRegistry#protectAlias}): moving it needs a
 * reason, and with {@code secondApproval}, a proposal by one principal and an approval by another.
 *
 * @since 0.1.0
 */
@dev.lineage.Experimental
public record AliasProtection(String alias, boolean secondApproval) {}
