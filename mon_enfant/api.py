"""The JSON API (django-ninja, with its OpenAPI schema at /api/mon-enfant/v1/docs).

Each feature app mounts its router here from its ``ready()`` (see :mod:`mon_enfant.features`). Answers
never contain or log what parents typed beyond the request itself, and malformed questions get 422 with
field errors, never 500.

Operations take typed parameters and declare their response schemas; the OpenAPI document is the contract
(tests validate answers against it). What operations share is in :mod:`mon_enfant.api_support`.
"""

from ninja import NinjaAPI, Schema

from .models import School

api = NinjaAPI(
    title="Mon enfant à l'école",
    version="1",
    urls_namespace="mon_enfant_api",
    docs_url="/docs",
)


class SchoolOut(Schema):
    uai: str
    name: str
    level: str
    sector: str
    address: str
    postcode: str
    city: str
    commune: str
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    website: str
    ent_url: str

    @staticmethod
    def resolve_commune(obj):
        return obj.commune.code_insee


@api.get("/schools", response=list[SchoolOut], summary="Écoles d'une commune")
def list_schools(request, commune: str):
    """Public schools data of a commune (by INSEE code), as published by the mairie."""
    return list(
        School.objects.filter(commune__code_insee=commune.strip().upper()).select_related("commune")
    )
