/**
 * The content-addressed step cache: a step whose name, code, params, inputs and declared environment are
 * unchanged is not run again; its outputs are restored and a run records the reuse. See docs/step-cache.md.
 */
package dev.lineage.step;
