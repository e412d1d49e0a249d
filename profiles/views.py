"""Thin views: fetch through selectors, render templates."""

from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from careers import ai_resilience
from careers.models import Category, Occupation
from careers.soc import ONET_CODE_RE

from . import selectors

PAGE_SIZE = 24


@require_safe
def home(request):
    featured = list(selectors.career_cards().filter(featured=True).order_by("title")[:8])
    return render(
        request,
        "profiles/home.html",
        {"featured": featured, "categories": selectors.categories_with_counts()},
    )


@require_safe
def career_index(request):
    categories = list(selectors.categories_with_counts())
    qs = selectors.career_cards().order_by("title")
    category = None
    slug = request.GET.get("category", "").strip()
    if slug:
        category = next((c for c in categories if c.slug == slug), None)
        if category is None:
            raise Http404("No such category")
        qs = qs.filter(category=category)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "profiles/career_index.html",
        {"page": page, "categories": categories, "category": category},
    )


@require_safe
def career_detail(request, key):
    if ONET_CODE_RE.match(key):
        occupation = get_object_or_404(Occupation.objects.only("slug"), code=key)
        return redirect(occupation, permanent=True)
    page = selectors.career_page(key)
    if page is None:
        raise Http404("No career at this address")
    return render(
        request, "profiles/career_detail.html", {"p": page, "occupation": page.occupation}
    )


@require_safe
def about_ai_resilience(request):
    return render(
        request,
        "profiles/about_ai_resilience.html",
        {
            "method": ai_resilience,
            "capabilities": ai_resilience.HUMAN_CAPABILITIES,
            "growth_bands": ai_resilience.GROWTH_BANDS[:-1],
        },
    )


@require_safe
def about_data(request):
    return render(request, "profiles/about_data.html", selectors.data_overview())


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/feedback/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    suggestions = []
    try:
        suggestions = list(selectors.career_cards().filter(featured=True).order_by("title")[:6])
        categories = list(Category.objects.all())
    except Exception:
        categories = []
    return render(
        request,
        "404.html",
        {"suggestions": suggestions, "categories": categories, "path": request.path},
        status=404,
    )


def server_error(request):
    return render(request, "500.html", status=500)
