"""The core's JSON operation: the schools of a commune, as published by the mairie. Mounted on the package's
API (:mod:`mon_enfant.api`) from the core's ``ready()``, as each feature mounts its router."""

from ninja import Query, Router, Schema
from pydantic import BaseModel

from .api_support import CommuneCode, ErrorsOut
from .models import School

router = Router(tags=["Écoles"])


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


class SchoolsQuery(BaseModel):
    commune: CommuneCode


@router.get("/schools", response={200: list[SchoolOut], 422: ErrorsOut}, summary="Écoles d'une commune")
def list_schools(request, query: Query[SchoolsQuery]):
    """Public schools data of a commune (by INSEE code), as published by the mairie."""
    return list(School.objects.filter(commune__code_insee=query.commune).select_related("commune"))
