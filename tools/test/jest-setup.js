// Timestamps are UTC everywhere (see docs/architecture.md); tests run like the server.
process.env.TZ = 'UTC';
