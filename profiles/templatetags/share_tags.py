"""Template tags for links that travel: canonical URLs, share metadata, JSON-LD."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

from profiles import serializers, share

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute canonical URL.

    A view whose GET parameters change the page passes `canonical_url` itself, built
    from its validated parameters; otherwise it is SITE_URL + the path.
    """
    given = context.get("canonical_url")
    if isinstance(given, str) and given:
        return given
    return share.canonical_url(context.get("request"))


@register.simple_tag
def absolute_static(path):
    return share.absolute_static(path)


@register.simple_tag(takes_context=True)
def reuse_block(context, name):
    """Render block `name` again (its most-derived version), e.g. og:title as twitter:title.

    Django allows each block once per template; this renders the same BlockNode a
    second time, exactly as {% block %} does, so child templates override one block
    and every tag that shows it follows.
    """
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = block_context.get_block(name) if block_context else None
    return node.render(context) if node is not None else ""


@register.simple_tag
def career_structured_data(page, trail):
    """The Occupation and BreadcrumbList JSON-LD blocks of a career page."""
    return serializers.ld_json_script(
        serializers.occupation_jsonld(page)
    ) + serializers.ld_json_script(serializers.breadcrumb_jsonld(trail))
