"""Running the gateway in production: health and readiness, Prometheus metrics, JSON logs."""
