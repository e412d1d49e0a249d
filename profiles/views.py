"""Thin views: fetch through selectors, render templates."""

import csv
import io
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from careers import ai_resilience
from careers import search as search_engine
from careers.models import Category, Occupation
from careers.soc import ONET_CODE_RE
from config.core.middleware import DATABASE_ERRORS, body_limit, database_unavailable_response
from config.core.pagecache import careers_from_kwarg, public_page
from config.core.security import client_ip, wait_seconds, work_slot

from . import breadcrumbs, cards, explore, pay, search_page, selectors, serializers
from .compare import comparison
from .contributions import services
from .contributions.forms import FeedbackForm, issue_token
from .contributions.models import ChangeLogEntry
from .filters import DEFAULT_SORT, SORTS, CareerFilterForm
from .share import absolute

PAGE_SIZE = 24


def _canonical_page(request, template, context):
    """render(), telling the page cache which canonical address this response is."""
    response = render(request, template, context)
    response.canonical_url = context["canonical_url"]
    return response


def _compared_codes(pairs, kwargs):
    """The careers a comparison shows, for the page cache: the codes of its `c`."""
    return [code.strip() for name, value in pairs if name == "c" for code in value.split(",")]


@require_safe
@public_page
def home(request):
    featured = cards.featured_cards(8)
    return render(
        request,
        "profiles/home.html",
        {"featured": featured, "categories": list(selectors.categories_with_counts())},
    )


@require_safe
@public_page(
    params=("category", "education", "pay_min", "pay_max", "outlook", "ai", "zone", "sort", "page"),
    defaults={"sort": DEFAULT_SORT, "page": "1"},
)
def career_index(request):
    categories = list(selectors.categories_with_counts())
    form = CareerFilterForm(
        request.GET, categories=categories, education_labels=selectors.education_labels()
    )
    filters = form.filters()
    category = next((c for c in categories if c.slug == filters.category), None)
    page = Paginator(selectors.browse_careers(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = cards.cards(page.object_list)
    query = filters.querystring()
    page_prefix = f"{query}&" if query else "?"
    ignored = form.ignored()
    return _canonical_page(
        request,
        "profiles/career_index.html",
        {
            "page": page,
            "form": form.applied(),
            "filters": filters,
            "category": category,
            "breadcrumbs": breadcrumbs.careers(category),
            "chips": form.chips(filters),
            "ignored": ignored,
            # Only plain category pages are worth indexing; other combinations are endless.
            "indexable": not ignored and all(name == "category" for name, _ in filters.params()),
            "page_prefix": page_prefix,
            # Built from the cleaned filters, so tracking and unknown parameters drop out.
            "canonical_url": absolute(request.path)
            + (f"{page_prefix}page={page.number}" if page.number > 1 else query),
            "sort_label": SORTS[filters.sort][0],
        },
    )


@require_safe
@public_page(careers=careers_from_kwarg("key"))
def career_detail(request, key):
    if ONET_CODE_RE.match(key):
        occupation = get_object_or_404(Occupation.objects.only("slug"), code=key)
        return redirect(occupation, permanent=True)
    page = selectors.career_page(key)
    if page is None:
        raise Http404("No career at this address")
    return render(
        request,
        "profiles/career_detail.html",
        {
            "p": page,
            "occupation": page.occupation,
            "breadcrumbs": breadcrumbs.career(page.occupation),
        },
    )


def _per_career_key(group, request):
    return f"{client_ip(request)}:{request.resolver_match.kwargs.get('slug', '')}"


def _rate_per_career(group, request):
    return settings.FEEDBACK_RATE_PER_CAREER


def _rate_per_day(group, request):
    return settings.FEEDBACK_RATE_PER_DAY


def _feedback_page(request, occupation, form, *, status=200, problem=""):
    section = form["section"].value() or ""
    return render(
        request,
        "profiles/feedback_form.html",
        {
            "occupation": occupation,
            "form": form,
            "problem": problem,
            "current": selectors.section_now(occupation, section),
            "breadcrumbs": breadcrumbs.career_subpage(
                occupation, "Improve this page", "careers:feedback"
            ),
        },
        status=status,
    )


@body_limit("FEEDBACK_MAX_BODY_BYTES")  # checked before the CSRF middleware reads the body
@never_cache
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
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
    )
    return redirect("careers:feedback_thanks", slug=occupation.slug)


@never_cache
@require_safe
def feedback_thanks(request, slug):
    occupation = get_object_or_404(Occupation, slug=slug)
    return render(request, "profiles/feedback_thanks.html", {"occupation": occupation})


@require_safe
@public_page(careers=careers_from_kwarg("slug"))
def changes(request, slug):
    occupation = get_object_or_404(Occupation.objects.select_related("category"), slug=slug)
    entries = ChangeLogEntry.objects.filter(occupation=occupation).order_by("-at", "-pk")[:200]
    return render(
        request,
        "profiles/changes.html",
        {
            "occupation": occupation,
            "entries": entries,
            "breadcrumbs": breadcrumbs.career_subpage(occupation, "Changes", "careers:changes"),
        },
    )


@require_safe
@public_page
def about_ai_resilience(request):
    return render(
        request,
        "profiles/about_ai_resilience.html",
        {
            "method": ai_resilience,
            "capabilities": ai_resilience.HUMAN_CAPABILITIES,
            "growth_bands": ai_resilience.GROWTH_BANDS,
            **selectors.ai_method_overview(),
        },
    )


@require_safe
@public_page
def about_data(request):
    context = {
        **selectors.data_overview(),
        "csv_columns": serializers.CSV_COLUMNS,
        "video_hosts": settings.CAREER_VIDEO_HOSTS,
    }
    return render(request, "profiles/about_data.html", context)


@require_safe
@public_page
def robots_txt(request):
    # No line for the admin: robots.txt is public, and would reveal a non-default ADMIN_URL.
    # The admin is linked from nowhere and answers with X-Robots-Tag: noindex instead.
    lines = ["User-agent: *", "Disallow: /*/feedback/", ""]
    lines += [f"Sitemap: {absolute(reverse('careers:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def _database_state(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return "unavailable"
    return "ok"


def _cache_works():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        works = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # a backend without IGNORE_EXCEPTIONS raises instead of missing
        return False
    return works


@require_safe
@never_cache
def healthz(request):
    """Load-balancer probe: 503 only when the database (or its replica) is unreachable.

    A dead cache (Redis) is reported as "degraded" with 200: pages are still served
    (cache errors are ignored), only slower, and rate limits on the public form fail
    open. Taking every web process out of rotation for it would turn a slowdown into an
    outage; the JSON tells monitoring what is wrong.
    """
    states = {"database": _database_state("default")}
    if "replica" in settings.DATABASES:  # public pages read from it (config.core.routers)
        states["replica"] = _database_state("replica")
    states["cache"] = "ok" if _cache_works() else "unavailable"
    if "unavailable" in (states["database"], states.get("replica")):
        return JsonResponse({"status": "error", **states}, status=503)
    return JsonResponse({"status": "ok" if states["cache"] == "ok" else "degraded", **states})


def page_not_found(request, exception=None):
    suggestions = []
    try:
        suggestions = cards.featured_cards(6)
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
    # Database errors raised outside a view (e.g. saving a session) still get the 503 page.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response()
    return render(request, "500.html", status=500)


# Local pay ------------------------------------------------------------------------------


@require_safe
@public_page(params=("area",), careers=careers_from_kwarg("slug"))
def area_pay(request, slug):
    """One career's pay in the state or metro area of ?area=<slug>, beside the nation's.

    A separate page, so the career page stays cacheable with a fixed query count; an
    unknown area is a message on the page, not an error.
    """
    asked = request.GET.get("area", "").strip()[:160]
    page = pay.area_pay_page(slug, asked)
    if page is None:
        raise Http404("No career at this address")
    return render(
        request,
        "profiles/area_pay.html",
        {
            "p": page,
            "occupation": page.occupation,
            "breadcrumbs": breadcrumbs.area_pay(page.occupation, page.area),
        },
    )


@require_safe
@public_page
def state_index(request):
    return render(request, "profiles/state_index.html", {"states": pay.states_with_pay()})


@require_safe
@public_page
def state_pay(request, slug):
    page = pay.state_pay_page(slug)
    if page is not None:
        return render(
            request,
            "profiles/state_pay.html",
            {"p": page, "breadcrumbs": breadcrumbs.state(page.area)},
        )
    states = pay.states_with_pay()
    named = next((s for s in states if slugify(s.name) == slug), None)
    if named is not None:  # /pay/ohio/ -> /pay/oh/
        return redirect("careers:state_pay", slug=named.slug, permanent=True)
    return render(
        request, "profiles/state_index.html", {"states": states, "missing": slug}, status=404
    )


@require_safe
@public_page(params=("c", "add"), careers=_compared_codes)
def compare(request):
    values = request.GET.getlist("c")
    added = request.GET.get("add", "")
    result = comparison(values, added)
    if (len(values) > 1 or "add" in request.GET or result.by_slug) and not result.notes:
        # The add-a-career form sends the current codes and the new career separately;
        # one comma-separated `c` of codes is the address worth sharing (slugs redirect too).
        return redirect(result.url)
    return _canonical_page(
        request,
        "profiles/compare.html",
        {
            "cmp": result.load_details(),
            "canonical_url": absolute(result.url),
            "breadcrumbs": breadcrumbs.compare(result.url),
        },
    )


# --- open data: /careers/<slug>.json and /careers.csv ------------------------------


def _open_data(response):
    """Public data, no cookies: any site may fetch it."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page(careers=careers_from_kwarg("key"))
def career_json(request, key):
    if ONET_CODE_RE.match(key):
        occupation = Occupation.objects.only("slug").filter(code=key).first()
        if occupation is not None:
            return redirect("careers:detail_json", key=occupation.slug, permanent=True)
    page = selectors.career_page(key, export=True)
    if page is None:
        return _open_data(JsonResponse({"error": "No career at this address"}, status=404))
    data = serializers.career_data(
        page,
        selectors.career_wages(page.occupation),
        selectors.data_sources(),
        explore.careers_like(page.occupation.pk, page.interest_profile),
    )
    return _open_data(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


def _search_wait(request, group: str, rate: str) -> int:
    """Seconds a client over its search limit must wait (0: search). Only a search that
    reaches the view counts: a cached page is served before it (config.core.pagecache)."""
    if not search_engine.clean(request.GET.get("q", "")):
        return 0
    return wait_seconds(request, group, rate)


def _refused_for(response, wait: int):
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def _search_refused(request, text: str, compare: str, *, wait: int, busy: bool = False):
    """The search page that keeps the query: 429 for a client over its limit, 503 when
    every search slot is taken."""
    result = search_page.refused_page(text, compare=compare, wait=wait, busy=busy)
    response = render(request, "profiles/search.html", {"s": result}, status=503 if busy else 429)
    return _refused_for(response, wait)


@require_safe
@public_page(params=("q", "compare", "page"), defaults={"page": "1"})
def search(request):
    """Career search; the ranking lives in careers.search, the page data in search_page."""
    text, compare = request.GET.get("q", ""), request.GET.get("compare", "")
    wait = _search_wait(request, "search", settings.SEARCH_RATE)
    if wait:
        return _search_refused(request, text, compare, wait=wait)
    with work_slot("search", settings.SEARCH_SLOTS) as free:
        if not free:
            return _search_refused(request, text, compare, wait=1, busy=True)
        result = search_page.search_page(text, compare=compare, page=request.GET.get("page"))
    # The canonical address carries the cleaned query and only the valid compare codes.
    params = {"q": result.query.text, "compare": result.compare_param}
    if result.page.number > 1:
        params["page"] = result.page.number
    query = urlencode({k: v for k, v in params.items() if v})
    canonical = absolute(request.path) + (f"?{query}" if query else "")
    return _canonical_page(
        request, "profiles/search.html", {"s": result, "canonical_url": canonical}
    )


@require_safe
@public_page
def catalog_csv(request):
    """The whole catalog, one row per active career (2 queries, built in memory: ~250 KB)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(serializers.CSV_HEADER)
    writer.writerows(serializers.catalog_row(o) for o in selectors.catalog())
    response = HttpResponse(
        buffer.getvalue(), content_type="text/csv; charset=utf-8; header=present"
    )
    response["Content-Disposition"] = 'attachment; filename="careers.csv"'
    return _open_data(response)


# --- search -------------------------------------------------------------------------


@require_safe
@public_page(params=("q",))
def suggest(request):
    """Autocomplete for the header search box (static/js/autocomplete.js)."""
    text = request.GET.get("q", "")
    wait = _search_wait(request, "suggest", settings.SUGGEST_RATE)
    if wait:
        response = JsonResponse({"query": search_engine.clean(text), "results": []}, status=429)
        return _refused_for(response, wait)
    return JsonResponse(
        {"query": search_engine.clean(text), "results": search_page.suggestions(text)}
    )
