"""Streamlit's chart component themed once when it mounts: plotly.js no longer redraws each chart just drawn (issue 9).

Streamlit's PlotlyChart component starts from the figure with Streamlit's theme applied (its state's initial value,
or the figure it stored for the element, which was themed before), and then an effect that also runs when the
component mounts applies the theme to that state a second time. The theme wraps the title in `<b>…</b>`, so the
second pass always changes the figure ("<b><b>Openings by field</b></b>") and `Plotly.react` redraws every chart that
was just drawn: on the Overview 7-21 ms of the page's main thread per chart, at every first view and at every click
that sends new figures (each new figure mounts a new component). Without it, the call that follows a chart's first
draw (the component's width set) costs 2-5 ms.

`theme_once` changes that effect so that it skips the component's first render, whose state is already themed, and
re-themes as before afterwards (the app's theme switched between light and dark, another element id). Like the
slim plotly.js (plotly_bundle.py), the code is found by its shape, never by the minifier's names: the effect
`useEffect(()=>{set(t=>theme(t,el.theme,c))},[el.id,c,el.theme])`, exactly once, beside the state whose initial
value is `theme(spec,el.theme,c)` with the same function and arguments. Anything else leaves the chunk as it is:
each chart is then drawn twice, as Streamlit ships it.
"""

from __future__ import annotations

import re

_NAME = rb"[\w$]+"
# `(0,P.useEffect)(()=>{F(t=>Le(t,e.theme,c))},[e.id,c,e.theme])`
EFFECT = re.compile(
    rb"\(0,(?P<react>" + _NAME + rb")\.useEffect\)\(\(\)=>\{(?P<set>" + _NAME + rb")\((?P<state>" + _NAME + rb")=>"
    rb"(?P<theme>" + _NAME + rb")\((?P=state),(?P<element>" + _NAME + rb")\.theme,(?P<colors>" + _NAME + rb")\)\)\},"
    rb"\[(?P=element)\.id,(?P=colors),(?P=element)\.theme\]\)"
)
# `(0,P.useState)(()=>{let n=t.getElementState(e.id,`figure`);return n?ve(n):Le(O,e.theme,c)})`: the initial state,
# the stored (themed) figure or the spec themed by the same function with the same arguments.
INITIAL_STATE = (
    rb"\(0,%(react)s\.useState\)\(\(\)=>\{let (?P<stored>" + _NAME + rb")=" + _NAME + rb"\.getElementState\("
    rb"%(element)s\.id,`figure`\);return (?P=stored)\?" + _NAME + rb"\((?P=stored)\):%(theme)s\(" + _NAME + rb","
    rb"%(element)s\.theme,%(colors)s\)\}\)"
)


def theme_once(chunk: bytes) -> bytes | None:
    """`chunk` (Streamlit's PlotlyChart.js) with the mount-time second theming skipped, or None when the effect and
    its initial state are not found exactly once as described above."""
    effects = list(EFFECT.finditer(chunk))
    if len(effects) != 1:
        return None
    effect = effects[0]
    names = {key.encode(): re.escape(value) for key, value in effect.groupdict().items()}
    if len(re.findall(INITIAL_STATE % names, chunk)) != 1:
        return None
    react, set_state, state, theme, element, colors = (
        effect[name] for name in ("react", "set", "state", "theme", "element", "colors")
    )
    # A ref, made by the hook call this component makes at every render, records that the first render has passed.
    mounted = b"__insightsMounted"
    skipped = (
        b"(("
        + mounted
        + b")=>(0,"
        + react
        + b".useEffect)(()=>{"
        + mounted
        + b".current?"
        + set_state
        + b"("
        + state
        + b"=>"
        + theme
        + b"("
        + state
        + b","
        + element
        + b".theme,"
        + colors
        + b")):"
        + mounted
        + b".current=!0},["
        + element
        + b".id,"
        + colors
        + b","
        + element
        + b".theme]))((0,"
        + react
        + b".useRef)(!1))"
    )
    return chunk[: effect.start()] + skipped + chunk[effect.end() :]
