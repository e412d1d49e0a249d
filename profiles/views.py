"""Thin views: fetch through selectors, render templates."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from careers import ai_resilience
from careers import search as search_engine
from careers.models import Category, Occupation
from careers.soc import ONET_CODE_RE

from . import selectors, services
from .forms import FeedbackForm, issue_token
from .models import ChangeLogEntry

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


def _per_career_key(group, request):
    return f"{request.META.get('REMOTE_ADDR', '')}:{request.resolver_match.kwargs.get('slug', '')}"


def _rate_per_career(group, request):
    return settings.FEEDBACK_RATE_PER_CAREER


def _rate_per_day(group, request):
    return settings.FEEDBACK_RATE_PER_DAY


def _feedback_page(request, occupation, form, *, status=200, problem=""):
    return render(
        request,
        "profiles/feedback_form.html",
        {"occupation": occupation, "form": form, "problem": problem},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(
    key=_per_career_key, rate=_rate_per_career, method="POST", block=False, group="feedback-career"
)
@ratelimit(key="ip", rate=_rate_per_day, method="POST", block=False, group="feedback-day")
def feedback(request, slug):
    occupation = get_object_or_404(Occupation.objects.select_related("category"), slug=slug)
    if request.method != "POST":
        initial = {"token": issue_token(), "section": request.GET.get("section", "")}
        return _feedback_page(request, occupation, FeedbackForm(initial=initial))
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.FEEDBACK_MAX_BODY_BYTES:
        limit = settings.FEEDBACK_MAX_BODY_BYTES // 1024
        return render(
            request,
            "profiles/feedback_blocked.html",
            {
                "occupation": occupation,
                "reason": f"The message was larger than {limit} KB. Please shorten it and send it again.",
            },
            status=413,
        )
    form = FeedbackForm(request.POST)
    if getattr(request, "limited", False):
        return _feedback_page(
            request,
            occupation,
            form,
            status=429,
            problem="You have sent several contributions in a short time, so this one was not saved. "
            "Your text is kept below: copy it, and try again later.",
        )
    if not form.is_valid():
        return _feedback_page(request, occupation, form)
    problem = form.bot_problem()
    if problem:
        data = request.POST.copy()
        data["token"] = issue_token()
        data["website"] = ""
        return _feedback_page(request, occupation, FeedbackForm(data), status=400, problem=problem)
    services.submit(
        occupation,
        form.model_data(),
        ip=request.META.get("REMOTE_ADDR", ""),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
    )
    return redirect("careers:feedback_thanks", slug=occupation.slug)


@require_safe
def feedback_thanks(request, slug):
    occupation = get_object_or_404(Occupation, slug=slug)
    return render(request, "profiles/feedback_thanks.html", {"occupation": occupation})


@require_safe
def changes(request, slug):
    occupation = get_object_or_404(Occupation.objects.select_related("category"), slug=slug)
    entries = ChangeLogEntry.objects.filter(occupation=occupation).order_by("-at", "-pk")[:200]
    return render(request, "profiles/changes.html", {"occupation": occupation, "entries": entries})


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


@require_safe
def search(request):
    """Career search; the ranking lives in careers.search, the page data in the selector."""
    result = selectors.search_page(
        request.GET.get("q", ""),
        compare=request.GET.get("compare", ""),
        page=request.GET.get("page"),
    )
    return render(request, "profiles/search.html", {"s": result})


@require_safe
def suggest(request):
    """Autocomplete for the header search box (static/js/autocomplete.js)."""
    text = request.GET.get("q", "")
    return JsonResponse(
        {"query": search_engine.clean(text), "results": selectors.suggestions(text)}
    )
