"""Small views handling what a family typed, each made private by mon_enfant.privacy, for
tests/core/test_privacy.py. Each logs the typed value on purpose: the log filter must redact it."""

from django.http import HttpResponse, JsonResponse
from django.urls import path
from ninja import NinjaAPI, Schema
from ninja.decorators import decorate_view

from mon_enfant.privacy import family_input, get_logger

logger = get_logger("mon_enfant.tests.privacy")


@family_input()
def address_view(request):
    address = request.GET.get("address", "") or request.POST.get("address", "")
    logger.debug("Looking up %s", address)
    logger.warning(f"Careless message with {address}")  # noqa: G004 (the filter catches it anyway)
    if not address:
        return JsonResponse({"error": "address"}, status=400)
    return HttpResponse("ok")


api = NinjaAPI(urls_namespace="privacy_test_api")


class QuestionIn(Schema):
    address: str
    quotient_familial: int


@api.post("/quote")
@decorate_view(family_input())
def quote(request, question: QuestionIn):
    logger.info("Quote for %s with QF %s", question.address, question.quotient_familial)
    return {"ok": True}


urlpatterns = [
    path("address/", address_view),
    path("api/", api.urls),
]
