"""Thin views of /explore/interests/ and /careers/<slug>/moves/ (reads in profiles.explore).

The profiler's answer pages are plain GET forms that carry the answers so far in a
hidden field, so it works without JavaScript and keeps nothing on the server: those
pages are marked no-store (answers are never put in the page cache) and their query
is left out of the request log (REQUEST_LOG_PRIVATE_PATHS); the last one redirects to a results URL that holds
only the six scores, which is cached like any public page, keyed by those scores
(the cache keeps rendered pages, not who asked), and also not logged.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from careers.matching import RIASEC
from config.core.pagecache import careers_from_kwarg, public_page

from . import breadcrumbs, explore
from .breadcrumbs import Crumb
from .share import absolute

RESULTS_PER_PAGE = 20


def _trail(*tail: Crumb) -> list[Crumb]:
    return [
        Crumb("Home", reverse("careers:home")),
        Crumb("Interest profiler", reverse("careers:interests")),
        *tail,
    ]


def _page_number(raw) -> int | None:
    try:
        page = int(raw)
    except (TypeError, ValueError):
        return None
    return page if 1 <= page <= explore.PAGES else None


@require_safe
def interest_profiler(request):
    """One page of items; the answers so far travel in the hidden field `a`."""
    answers, answers_ok = explore.clean_answers(request.GET.get("a", ""))
    sent_page = _page_number(request.GET.get("p"))
    notes = [] if answers_ok else ["Your earlier answers could not be read, so they were cleared."]
    form = None
    page = 1
    if sent_page is not None:
        sent = explore.AnswerPageForm(request.GET, page=sent_page, answers=answers)
        answers = explore.merge_answers(answers, sent.given())
        if request.GET.get("go") == "back":
            page = max(1, sent_page - 1)
        elif not sent.is_valid():
            page, form = sent_page, sent
        elif sent_page < explore.PAGES:
            page = sent_page + 1
        else:
            missing = explore.first_unanswered_page(answers)
            if missing is None:
                scores = explore.score_answers(answers)
                query = urlencode([(letter, scores[letter]) for letter in RIASEC])
                response = redirect(f"{reverse('careers:interest_results')}?{query}")
                add_never_cache_headers(response)
                return response
            page = missing
            notes.append(f"Some answers on page {missing} are missing.")
    if form is None:
        form = explore.AnswerPageForm(None, page=page, answers=answers)
    answered = sum(1 for ch in answers if ch != "-")
    response = render(
        request,
        "profiles/explore/profiler.html",
        {
            "form": form,
            "rows": form.rows(),
            "choices": explore.ANSWER_CHOICES,
            "page": page,
            "pages": explore.PAGES,
            "answers": answers,
            "answered": answered,
            "total": len(explore.ITEMS),
            "notes": notes,
            "types": explore.TYPES.values(),
            "breadcrumbs": _trail(),
            "canonical_url": absolute(reverse("careers:interests")),
            "fresh": not request.GET,
        },
    )
    # Not a @public_page: the page cache keys pages by their declared parameters, and
    # these pages hold answers, which no shared cache may keep.
    add_never_cache_headers(response)
    return response


RESULTS_PARAMS = (*RIASEC, "code", *explore.ExploreFilterForm.NAMES, "page")


@require_safe
@public_page(params=RESULTS_PARAMS, defaults={"page": "1"})
def interest_results(request):
    entry = explore.EntryForm(request.GET if explore.has_entry(request.GET) else None)
    profile = entry.profile()
    filters = explore.ExploreFilterForm(request.GET)
    values = filters.values()
    page = None
    if profile is not None and not profile.flat:
        matches = explore.interest_matches(profile, values)
        page = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    params = (profile.params() if profile else []) + filters.params()
    query = urlencode(params)
    return render(
        request,
        "profiles/explore/results.html",
        {
            "entry": entry,
            "profile": profile,
            "chart": explore.chart(profile) if profile and profile.source == "scores" else None,
            "filters": filters.applied(),
            "ignored": filters.ignored(),
            "page": page,
            "score_params": profile.params() if profile else [],
            "page_prefix": f"?{query}&" if query else "?",
            "results_url": absolute(
                reverse("careers:interest_results") + (f"?{query}" if query else "")
            ),
            "canonical_url": absolute(
                reverse("careers:interest_results")
                + (f"?{urlencode(profile.params())}" if profile else "")
            ),
            "breadcrumbs": _trail(Crumb("Your results", reverse("careers:interest_results"))),
            "types": explore.TYPES,
        },
    )


@require_safe
@public_page
def interest_method(request):
    return render(
        request,
        "profiles/explore/method.html",
        {
            "doc": explore.profiler_document(),
            "types": explore.TYPES.values(),
            "per_type": len(explore.STATEMENTS["R"]),
            "type_max": explore.TYPE_MAX,
            "code_weights": explore.CODE_WEIGHTS,
            "fit_bands": [(low, words) for low, words in explore.FIT_BANDS if low > -1],
            "moves_kept": explore.MOVES_KEPT,
            "breadcrumbs": _trail(Crumb("How it works", reverse("careers:interest_method"))),
        },
    )


@require_safe
@public_page
def interest_items_json(request):
    response = JsonResponse(explore.profiler_document(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page(params=explore.ExploreFilterForm.NAMES, careers=careers_from_kwarg("slug"))
def moves(request, slug):
    filters = explore.ExploreFilterForm(request.GET)
    data = explore.moves_page(slug, filters.values())
    if data is None:
        raise Http404("No career at this address")
    occupation = data.occupation
    return render(
        request,
        "profiles/explore/moves.html",
        {
            "m": data,
            "occupation": occupation,
            "filters": filters.applied(),
            "ignored": filters.ignored(),
            "filtered": bool(filters.params()),
            "canonical_url": absolute(
                reverse("careers:moves", args=[occupation.slug])
                + (f"?{urlencode(filters.params())}" if filters.params() else "")
            ),
            "breadcrumbs": breadcrumbs.career_subpage(
                occupation, "Where these skills transfer", "careers:moves"
            ),
        },
    )
