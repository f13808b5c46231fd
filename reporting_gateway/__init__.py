"""reporting-gateway: a GraphQL gateway over a loyalty-club reporting API."""
