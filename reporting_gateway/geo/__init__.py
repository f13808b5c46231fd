"""The Geo API (spec §6): the customers' places, and coordinates of named locations."""
