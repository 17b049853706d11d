/**
 * The S3 backend: a store under a bucket and prefix ({@code s3://bucket/prefix}) on AWS S3 or an S3-compatible
 * service, spoken through its REST API with Lineage's own SigV4 signer (docs/s3.md). Put-if-absent is a conditional
 * {@code PUT} ({@code If-None-Match: *}); a write whose outcome is lost is read back to decide it. Opened by URI, or
 * built with {@link dev.lineage.storage.s3.S3Backend#builder()}.
 */
package dev.lineage.storage.s3;
