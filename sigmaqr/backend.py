"""The QRadar AQL backend: Sigma detections to AQL conditions and complete Ariel searches."""

from __future__ import annotations

import re
from typing import Any, ClassVar, cast

from sigma.conditions import (
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionItem,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.conversion.base import Backend, TextQueryBackend
from sigma.conversion.deferred import DeferredQueryExpression
from sigma.conversion.state import ConversionState
from sigma.correlations import SigmaCorrelationRule, SigmaCorrelationType
from sigma.exceptions import SigmaFeatureNotSupportedByBackendError
from sigma.processing.pipeline import ProcessingPipeline
from sigma.rule import SigmaRule
from sigma.types import (
    CompareOperators,
    SigmaCasedString,
    SigmaCIDRExpression,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaString,
    SpecialChars,
)

from sigmaqr import aqltext
from sigmaqr.columns import BUILTIN_COLUMNS, IP_COLUMNS, NUMERIC_COLUMNS
from sigmaqr.correlation import (
    CorrelationSearch,
    GroupColumn,
    alias_name,
    check_ordered,
    condition_of,
    render_correlation,
)
from sigmaqr.exceptions import UnmappedFieldError
from sigmaqr.options import SearchOptions
from sigmaqr.pipelines import checks_pipeline, has_base_mapping, qradar_pipeline
from sigmaqr.pipelines.transformations import DEVICE_TYPES_STATE, mapped_targets
from sigmaqr.search import RuleSearch, render_combined, render_filter, render_query, render_union
from sigmaqr.severity import label_text, severity_tiers


class QRadarAQLBackend(TextQueryBackend):
    """Convert Sigma rules into IBM QRadar AQL (Ariel Query Language)."""

    identifier: ClassVar[str] = "sigmaqr"
    name: ClassVar[str] = "IBM QRadar AQL (sigmaqr)"
    formats: ClassVar[dict[str, str]] = {
        "default": "Complete AQL search per rule (same as query)",
        "query": "Complete AQL search per rule: SELECT columns, severity, time window, ORDER BY",
        "filter": "WHERE expression only, for the rule test 'event matches this AQL filter query'",
        "union": "Extended AQL: all rules in one search joined with UNION, qidmap Event IDs",
        "combined": "Documented AQL: all rules ORed in one SELECT, columns and severity per rule",
    }
    requires_pipeline: ClassVar[bool] = False  # the default mapping applies when none is given
    output_format_processing_pipeline: ClassVar[dict[str, ProcessingPipeline]] = {
        name: checks_pipeline() for name in formats
    }

    # Operator precedence: NOT binds tighter than AND, AND tighter than OR.
    precedence: ClassVar[tuple[type[ConditionItem], type[ConditionItem], type[ConditionItem]]] = (
        ConditionNOT,
        ConditionAND,
        ConditionOR,
    )
    group_expression: ClassVar[str] = "({expr})"
    parenthesize: bool = True

    ## Boolean operators
    token_separator: str = " "
    or_token: ClassVar[str] = "OR"
    and_token: ClassVar[str] = "AND"
    not_token: ClassVar[str] = "NOT"
    eq_token: ClassVar[str] = " = "  # numbers and booleans; strings go through ILIKE below

    ## Field names: built-in Ariel columns bare, custom properties always double-quoted
    field_quote: ClassVar[str] = '"'
    field_quote_pattern: ClassVar[re.Pattern[str]] = re.compile(
        "^(?:" + "|".join(sorted(BUILTIN_COLUMNS)) + r"|[A-Z0-9]+\(.*\))$"
    )
    field_quote_pattern_negation: ClassVar[bool] = True

    ## Strings: single quotes, a quote is doubled, backslash is literal
    str_quote: ClassVar[str] = "'"
    escape_char: ClassVar[str] = "'"
    wildcard_multi: ClassVar[str] = "%"
    wildcard_single: ClassVar[str] = "_"
    bool_values: ClassVar[dict[bool, str | None]] = {True: "'true'", False: "'false'"}

    ## String matching: ILIKE matches the whole value, case-insensitively
    eq_expression: ClassVar[str] = "{field} ILIKE {value}"
    startswith_expression: ClassVar[str] = "{field} ILIKE {value}"
    endswith_expression: ClassVar[str] = "{field} ILIKE {value}"
    contains_expression: ClassVar[str] = "{field} ILIKE {value}"
    wildcard_match_expression: ClassVar[str] = "{field} ILIKE {value}"
    case_sensitive_match_expression: ClassVar[str] = "{field} LIKE {value}"
    ### Values with a literal % or _ (LIKE has no escape): an anchored, escaped Java regex
    like_fallback_expression: ClassVar[str] = "{field} IMATCHES {regex}"
    case_sensitive_like_fallback_expression: ClassVar[str] = "{field} MATCHES {regex}"
    ### Strings compared with an IP column are compared as text
    ip_text_expression: ClassVar[str] = "STR({field})"

    ## Regular expressions: Java syntax, flags as an inline prefix
    re_expression: ClassVar[str] = "{field} MATCHES {regex}"
    re_flag_prefix: bool = True
    re_search_wrapper: ClassVar[str] = "{flags}(?s:.*)(?:{regex})(?s:.*)"

    ## CIDR, comparison, null, existence, field references
    cidr_expression: ClassVar[str] = "INCIDR({value}, {field})"
    compare_op_expression: ClassVar[str] = "{field} {operator} {value}"
    compare_operators: ClassVar[dict[CompareOperators, str]] = {
        CompareOperators.LT: "<",
        CompareOperators.LTE: "<=",
        CompareOperators.GT: ">",
        CompareOperators.GTE: ">=",
    }
    field_null_expression: ClassVar[str] = "{field} IS NULL"
    field_exists_expression: ClassVar[str] = "{field} IS NOT NULL"
    field_not_exists_expression: ClassVar[str] = "{field} IS NULL"
    field_equals_field_expression: ClassVar[str] = "{field1} = {field2}"

    ## Lists: IN only for numbers (IN compares strings case-sensitively)
    convert_or_as_in: ClassVar[bool] = True
    convert_and_as_in: ClassVar[bool] = False
    in_expressions_allow_wildcards: ClassVar[bool] = False
    field_in_list_expression: ClassVar[str] = "{field} {op} ({list})"
    or_in_operator: ClassVar[str] = "IN"
    list_separator: ClassVar[str] = ", "

    ## Keywords: searched in the decoded payload
    payload_field: ClassVar[str] = "UTF8(payload)"

    ## Event IDs in the extended union format: the qidmap subquery users asked for
    eventid_column: ClassVar[str] = "qideventid"
    qidmap_expression: ClassVar[str] = "qid IN (SELECT qid FROM qidmap WHERE eventid IN ({list}))"

    # Options (backend options, sigma-cli -O key=value)
    def __init__(
        self,
        processing_pipeline: ProcessingPipeline | None = None,
        collect_errors: bool = False,
        **backend_options: Any,
    ) -> None:
        if not has_base_mapping(processing_pipeline):
            processing_pipeline = qradar_pipeline() + processing_pipeline
        super().__init__(processing_pipeline, collect_errors, **backend_options)
        self.options = SearchOptions.from_backend_options(self.backend_options)

    # NOT always takes a parenthesised operand: NOT (x ILIKE 'y')
    def convert_condition_not(
        self, cond: ConditionNOT, state: ConversionState
    ) -> str | DeferredQueryExpression | None:
        """Negate a condition, always parenthesised as IBM's examples do."""
        arg = cond.args[0]
        if arg is None or arg.__class__ in self.precedence:
            return super().convert_condition_not(cond, state)
        converted = self.convert_condition(arg, state)
        if not isinstance(converted, str):
            return converted
        return f"{self.not_token} {self.group_expression.format(expr=converted)}"

    # Dispatch: this backend never swaps in negated operators (convert_not_as_not_eq is off), so
    # pySigma's per-value walk up the tree looking for a NOT is skipped
    def convert_condition_field_eq_val(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str | DeferredQueryExpression:
        """Dispatch a field = value condition on the value's type."""
        return cast(
            str | DeferredQueryExpression, Backend.convert_condition_field_eq_val(self, cond, state)
        )

    # String matching
    def decide_convert_condition_as_in_expression(
        self, cond: ConditionOR | ConditionAND, state: ConversionState
    ) -> bool:
        """Use IN only for lists of numbers: IN compares strings case-sensitively."""
        return all(
            isinstance(arg, ConditionFieldEqualsValueExpression)
            and isinstance(arg.value, SigmaNumber)
            for arg in cond.args
        ) and super().decide_convert_condition_as_in_expression(cond, state)

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        """Match a string case-insensitively: ILIKE, or IMATCHES when LIKE cannot express it."""
        return self._string_match(cond.field, cond.value, cased=False)

    def convert_condition_field_eq_val_str_case_sensitive(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        """Match a ``|cased`` string: LIKE, or MATCHES when LIKE cannot express it."""
        return self._string_match(cond.field, cond.value, cased=True)

    def convert_condition_val_str(
        self, cond: ConditionValueExpression, state: ConversionState
    ) -> str:
        """Search a keyword in the decoded payload, case-insensitively, anywhere in it."""
        value = cond.value
        assert isinstance(value, SigmaString)
        if not value.startswith(SpecialChars.WILDCARD_MULTI):
            value = SigmaString("*") + value
        if not value.endswith(SpecialChars.WILDCARD_MULTI):
            value = value + SigmaString("*")
        return self._string_match(
            self.payload_field, value, cased=isinstance(cond.value, SigmaCasedString)
        )

    def _string_match(self, field: str, value: Any, cased: bool) -> str:
        assert isinstance(value, SigmaString)
        subject = self._text_subject(field)
        if aqltext.has_like_metacharacters(value):
            template = (
                self.case_sensitive_like_fallback_expression
                if cased
                else self.like_fallback_expression
            )
            return template.format(
                field=subject,
                regex=aqltext.quote_string(aqltext.wildcard_regex(value, ignore_case=not cased)),
            )
        template = self.case_sensitive_match_expression if cased else self.eq_expression
        return template.format(
            field=subject, value=aqltext.quote_string(aqltext.like_pattern(value))
        )

    def _text_subject(self, field: str) -> str:
        quoted = self.escape_and_quote_field(field)
        if field.lower() in IP_COLUMNS:
            return self.ip_text_expression.format(field=quoted)
        return quoted

    # Numbers: bare for numeric built-in columns, quoted for everything else
    def convert_condition_field_eq_val_num(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        """Compare a number; custom properties compare as quoted numbers, valid for any type."""
        if cond.field == self.eventid_column and self._use_qidmap():
            return self.qidmap_expression.format(list=str(cond.value))
        return self.escape_and_quote_field(cond.field) + self.eq_token + self._number(cond)

    def convert_condition_as_in_expression(
        self, cond: ConditionOR | ConditionAND, state: ConversionState
    ) -> str:
        """Render a list of numbers with IN (or the qidmap subquery for Event IDs)."""
        first = cond.args[0]
        assert isinstance(first, ConditionFieldEqualsValueExpression)
        values = [
            self._number(arg)
            for arg in cond.args
            if isinstance(arg, ConditionFieldEqualsValueExpression)
        ]
        if first.field == self.eventid_column and self._use_qidmap():
            return self.qidmap_expression.format(list=self.list_separator.join(values))
        return self.field_in_list_expression.format(
            field=self.escape_and_quote_field(first.field),
            op=self.or_in_operator,
            list=self.list_separator.join(values),
        )

    def _number(self, cond: ConditionFieldEqualsValueExpression) -> str:
        if cond.field.lower() in NUMERIC_COLUMNS:
            return str(cond.value)
        return aqltext.quote_string(str(cond.value))

    def _use_qidmap(self) -> bool:
        return bool(self.last_processing_pipeline.vars.get("output_format") == "union")

    def convert_condition_val_num(
        self, cond: ConditionValueExpression, state: ConversionState
    ) -> str:
        """Search a numeric keyword in the decoded payload."""
        return self._string_match(self.payload_field, SigmaString(f"*{cond.value}*"), cased=False)

    # Regular expressions
    def convert_condition_field_eq_val_re(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        """Match a Sigma regex, padded because Sigma searches and MATCHES tests the whole value."""
        value = cond.value
        assert isinstance(value, SigmaRegularExpression)
        return self.re_expression.format(
            field=self._text_subject(cond.field), regex=aqltext.quote_string(self._regex(value))
        )

    def convert_condition_val_re(
        self, cond: ConditionValueExpression, state: ConversionState
    ) -> str:
        """Match a keyword regex against the decoded payload."""
        value = cond.value
        assert isinstance(value, SigmaRegularExpression)
        return self.re_expression.format(
            field=self.payload_field, regex=aqltext.quote_string(self._regex(value))
        )

    def _regex(self, value: SigmaRegularExpression) -> str:
        pattern = aqltext.python_to_java_regex(str(value.regexp))
        flags = "".join(sorted(SigmaRegularExpression.sigma_to_re_flag[f] for f in value.flags))
        inline = re.match(r"^\(\?([imsx]+)\)", pattern)
        if inline:
            flags = "".join(sorted(set(flags + inline.group(1))))
            pattern = pattern[inline.end() :]
        if "i" in flags and "u" not in flags:  # Java folds non-ASCII case only with UNICODE_CASE
            flags = "".join(sorted(flags + "u"))
        prefix = f"(?{flags})" if flags else ""
        if self.options.matches == "find":
            return prefix + pattern
        return self.re_search_wrapper.format(flags=prefix, regex=pattern)

    # CIDR: INCIDR takes the property itself, quoted like any other field
    def convert_condition_field_eq_val_cidr(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        """Test an IP column against a network with INCIDR."""
        value = cond.value
        assert isinstance(value, SigmaCIDRExpression)
        return self.cidr_expression.format(
            value=aqltext.quote_string(str(value.network)),
            field=self.escape_and_quote_field(cond.field),
        )

    # Correlations: aggregate searches (sigmaqr/correlation.py)
    correlation_methods: ClassVar[dict[str, str]] = {
        "default": "Aggregate search: GROUP BY the group-by fields and time buckets, HAVING"
    }

    def convert_correlation_event_count_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[str]:
        """Convert a correlation into one aggregate search; every supported type goes here."""
        return [self._correlation(rule, output_format)]

    convert_correlation_value_count_rule = convert_correlation_event_count_rule
    convert_correlation_temporal_rule = convert_correlation_event_count_rule
    convert_correlation_temporal_ordered_rule = convert_correlation_event_count_rule

    def _correlation(self, rule: SigmaCorrelationRule, output_format: str | None) -> str:
        if output_format not in (None, "default", "query"):
            raise SigmaFeatureNotSupportedByBackendError(
                f"correlation rules convert only in the query format, not '{output_format}': "
                "a correlation needs GROUP BY and HAVING over a time window",
                source=rule.source,
            )
        members = tuple(self._member_searches(rule))
        if rule.type == SigmaCorrelationType.TEMPORAL_ORDERED:
            check_ordered(rule, members)
        operator, count = condition_of(rule)
        level = rule.level.name.lower() if rule.level else "medium"
        search = CorrelationSearch(
            title=rule.title,
            kind=rule.type,
            members=members,
            group_by=tuple(self._group_columns(rule)),
            operator=operator,
            count=count,
            bucket_ms=rule.timespan.seconds * 1000,
            severity=label_text(level, rule.title),
            value_field=self._value_field(rule),
        )
        return render_correlation(search, self.options.time_window, self.options.conditional)

    def _member_searches(self, rule: SigmaCorrelationRule) -> list[RuleSearch]:
        members = []
        for reference in rule.referenced_rules:
            base = reference.rule
            if not isinstance(base, SigmaRule):
                raise SigmaFeatureNotSupportedByBackendError(
                    "correlations of correlations cannot be expressed in one AQL search",
                    source=rule.source,
                )
            states = base.get_conversion_states()
            for where, state in zip(base.get_conversion_result(), states, strict=True):
                types = tuple(state.processing_state.get(DEVICE_TYPES_STATE, ()))
                members.append(
                    RuleSearch(
                        base.title,
                        str(base.id or ""),
                        render_filter(RuleSearch(base.title, "", str(where), types)),
                    )
                )
        return members

    def _group_columns(self, rule: SigmaCorrelationRule) -> list[GroupColumn]:
        aliases = {alias.alias: alias for alias in rule.aliases}
        columns = []
        for name in rule.group_by or []:
            if name in aliases:
                mapping = {ref.reference: field for ref, field in aliases[name].mapping.items()}
                fields = [mapping[ref.reference] for ref in rule.referenced_rules]
                columns.append(
                    GroupColumn(alias_name(name), tuple(self._checked(rule, f) for f in fields))
                )
            else:
                columns.append(GroupColumn(alias_name(name), (self._checked(rule, name),)))
        return columns

    def _value_field(self, rule: SigmaCorrelationRule) -> str | None:
        if rule.type != SigmaCorrelationType.VALUE_COUNT:
            return None
        condition = rule.condition
        fieldref = getattr(condition, "fieldref", None)
        if not isinstance(fieldref, str):
            raise SigmaFeatureNotSupportedByBackendError(
                "value_count needs exactly one field", source=rule.source
            )
        return self._checked(rule, fieldref)

    def _checked(self, rule: SigmaCorrelationRule, field: str) -> str:
        """Quote a correlation field, refusing one no pipeline mapped to a QRadar property."""
        if field not in mapped_targets(self.last_processing_pipeline):
            raise UnmappedFieldError(
                f"correlation field '{field}' has no QRadar property mapping", source=rule.source
            )
        return self.escape_and_quote_field(field)

    # Searches
    def finalize_query_default(
        self, rule: SigmaRule, query: str, index: int, state: ConversionState
    ) -> str:
        """Render the complete search, as the query format does."""
        return self.finalize_query_query(rule, query, index, state)

    def finalize_query_query(
        self, rule: SigmaRule | SigmaCorrelationRule, query: str, index: int, state: ConversionState
    ) -> str:
        """Render one rule as a complete Ariel search (a correlation is one already)."""
        if isinstance(rule, SigmaCorrelationRule):
            return query
        return render_query(self._rule_search(rule, query, state), self.options)

    def finalize_query_filter(
        self, rule: SigmaRule, query: str, index: int, state: ConversionState
    ) -> str:
        """Render one rule as a bare WHERE expression."""
        return render_filter(self._rule_search(rule, query, state))

    def finalize_query_union(
        self, rule: SigmaRule, query: str, index: int, state: ConversionState
    ) -> RuleSearch:
        """Keep the rule's search parts; the output joins them."""
        return self._rule_search(rule, query, state)

    finalize_query_combined = finalize_query_union

    def finalize_output_default(self, queries: list[str]) -> list[str]:
        """One search per rule."""
        return queries

    finalize_output_query = finalize_output_default
    finalize_output_filter = finalize_output_default

    def finalize_output_union(self, queries: list[RuleSearch]) -> str:
        """Join every rule's search with UNION (extended AQL)."""
        return render_union(queries, self.options)

    def finalize_output_combined(self, queries: list[RuleSearch]) -> str:
        """OR every rule into one documented-AQL search."""
        return render_combined(queries, self.options)

    def _rule_search(self, rule: SigmaRule, query: str, state: ConversionState) -> RuleSearch:
        processing = state.processing_state
        return RuleSearch(
            title=rule.title,
            rule_id=str(rule.id) if rule.id else "",
            where=query,
            device_types=tuple(processing.get("qradar_device_types", ())),
            columns=tuple(
                (alias, self.escape_and_quote_field(prop))
                for alias, prop in processing.get("qradar_key_fields", ())
            ),
            severity=severity_tiers(rule, lambda cond: self._convert_selection(cond, state)),
        )

    def _convert_selection(self, condition: ConditionItem, state: ConversionState) -> str:
        converted = self.convert_condition(condition, state)
        if not isinstance(converted, str):
            raise SigmaFeatureNotSupportedByBackendError(
                "severity selection cannot be expressed as an AQL condition"
            )
        return converted
