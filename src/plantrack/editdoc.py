"""A plan's text being edited: finding the nodes an edit touches (refusing
shared ones and flow style), and collecting the changes as text patches.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from plantrack.editrender import Item, Lines, Renderer, Scalar, renderer
from plantrack.errors import PlanError, Problem
from plantrack.files import WriteError
from plantrack.model import Milestone, Plan
from plantrack.yamlplaces import Places, Shared, eol_at, indentation, trailing

__all__ = ["Doc", "EditError", "Op", "is_empty"]


class EditError(WriteError):
    """An edit that was refused; the file was left as it was."""


def is_empty(node: yaml.Node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.tag == "tag:yaml.org,2002:null"
    return not node.value


class Doc:
    """A plan's text being edited: where things are, and the changes so far."""

    def __init__(self, text: str, file: str, plan: Plan) -> None:
        self.text, self.file, self.plan = text, file, plan
        self.places = Places(text)
        self.render: Renderer = renderer()
        self.mapping_step, self.sequence_step, self.dash_step = indentation(text)
        self._patches: list[tuple[int, int, str]] = []
        self._checks: list[tuple[str, Callable[[Plan], bool]]] = []

    # -- finding ----------------------------------------------------------------

    def refuse_shared(self, at: yaml.Node, what: str, shared: Shared) -> None:
        """Raise the refusal to edit ``what``, which is shared, at ``at``."""
        if shared.merged:
            how = f"comes from the merge key '<<: *{shared.anchor}' (anchor &{shared.anchor}"
        else:
            how = f"is shared through the anchor &{shared.anchor} (defined"
        message = (
            f"{what} {how} at line {shared.line}), so this edit would also change every "
            f"place that uses *{shared.anchor} (expected a value of its own: write it "
            "out in place of the alias or merge key, then edit)"
        )
        line, column = at.start_mark.line + 1, at.start_mark.column + 1
        raise PlanError([Problem(self.file, line, column, message)])

    def block(self, node: yaml.Node, what: str) -> yaml.Node:
        """``node``, refused when it is written in flow style (``{...}``, ``[...]``)."""
        if isinstance(node, yaml.CollectionNode) and node.flow_style is True:
            line = node.start_mark.line + 1
            raise EditError(
                f"{self.file}:{line}: not written: {what} is written in flow style "
                "([...] or {...}); write it in block style, or make this edit by hand"
            )
        return node

    def lookup(
        self, mapping: yaml.MappingNode, key: str, what: str
    ) -> tuple[yaml.Node, yaml.Node] | None:
        """The key and value of ``key`` written in ``mapping`` (``None`` when
        absent); refused when it is shared or merged in from elsewhere."""
        hit = self.places.own(mapping, key)
        if hit is not None:
            shared = self.places.shared(hit[1])
            if shared is not None:
                self.refuse_shared(hit[0], what, shared)
            return hit
        merged = self.places.merged(mapping, key)
        if merged is not None:
            merge_key, source = merged
            shared = self.places.shared(source, merged=True)
            assert shared is not None
            self.refuse_shared(merge_key, what, shared)
        return None

    def root(self) -> yaml.MappingNode:
        """The top-level mapping."""
        root = self.places.root
        if not isinstance(root, yaml.MappingNode):  # pragma: no cover - the plan loaded
            raise EditError(f"{self.file}: not a plan (expected a mapping at the top)")
        self.block(root, "the plan")
        return root

    def milestone(self, milestone_id: str) -> tuple[Milestone, yaml.MappingNode]:
        """The milestone the loader knows as ``milestone_id``, and its node."""
        for m in self.plan.milestones:
            if m.id == milestone_id:
                break
        else:
            known = ", ".join(m.id for m in self.plan.milestones) or "none"
            raise EditError(f"{self.file}: no milestone {milestone_id!r} (milestones: {known})")
        hit = self.lookup(self.root(), "milestones", "the 'milestones' list")
        assert hit is not None and isinstance(hit[1], yaml.SequenceNode)
        node = hit[1].value[m.index]
        shared = self.places.shared(node)
        if shared is not None:
            self.refuse_shared(node, f"milestone {milestone_id!r}", shared)
        assert isinstance(node, yaml.MappingNode)
        self.block(node, f"milestone {milestone_id!r}")
        return m, node

    # -- changing ---------------------------------------------------------------

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace the text from ``start`` to ``end``."""
        self._patches.append((start, end, new))

    def insert(self, at: int, lines: Lines, *, blank_before: bool = False) -> None:
        """Insert whole lines at ``at`` (a line start), ending like their neighbour."""
        eol = eol_at(self.text, at)
        head = eol if at == len(self.text) and self.text and not self.text.endswith("\n") else ""
        head += eol if blank_before else ""
        self.replace(at, at, head + "".join(line + eol for line in lines))

    def append(self, siblings: list[yaml.Node], lines: Lines) -> None:
        """Insert ``lines`` after the last of ``siblings`` (items of a list, or
        values of a mapping).  Comments indented into the last one stay with
        it; a blank line separates the new one when the siblings have one
        between them."""
        last = trailing(self.text, siblings[-1])
        if last.more:
            separated = last.blank
        else:
            separated = len(siblings) >= 2 and trailing(self.text, siblings[-2]).blank_right_after
        self.insert(last.at, lines, blank_before=separated)

    def add_key(self, mapping: yaml.MappingNode, after: tuple[str, ...], lines: Lines) -> None:
        """Insert ``lines`` (a new key) after the last of the keys ``after``
        written in ``mapping``, else at its end."""
        values = [v for k, v in mapping.value if getattr(k, "value", None) in after]
        self.insert(trailing(self.text, (values or [mapping.value[-1][1]])[-1]).at, lines)

    def open_below(self, key: yaml.Node, value: yaml.Node) -> int:
        """Remove the inline ``value`` of ``key`` (empty, ``[]``, ``{}``, ``~`` or a
        scalar) and return where the lines of a block value then go."""
        colon = self.text.index(":", key.end_mark.index) + 1
        self.replace(colon, value.end_mark.index, "")
        at = self.text.find("\n", value.end_mark.index)
        return len(self.text) if at < 0 else at + 1

    def set_value(self, key: yaml.Node, value: yaml.Node, new: Scalar | Item) -> None:
        """Give ``key`` the value ``new`` in place of ``value`` (a scalar or empty)."""
        if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
            raise EditError(
                f"{self.file}:{value.start_mark.line + 1}: not written: the value to "
                "replace is a block scalar (| or >); make this edit by hand"
            )
        if isinstance(new, list):
            column = key.start_mark.column + self.mapping_step
            self.insert(
                self.open_below(key, value), self.render.block(new, column, self.mapping_step)
            )
            return
        text = self.render.value(str(key.value), new)
        if value.start_mark.index == value.end_mark.index:
            text = " " + text
        self.replace(value.start_mark.index, value.end_mark.index, text)

    def expect(self, what: str, check: Callable[[Plan], bool]) -> None:
        """After the edit, ``check`` must hold of the plan read back."""
        self._checks.append((what, check))

    def result(self) -> str:
        """The text with every change made."""
        text = self.text
        for start, end, new in sorted(self._patches, reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def verify(self, plan: Plan) -> None:
        """Refuse when a value written would not be read back as given."""
        for what, check in self._checks:
            if not check(plan):
                raise EditError(
                    f"{self.file}: not written: {what} would not read back as given; "
                    "make this edit by hand"
                )


Op = Callable[[Doc], None]
