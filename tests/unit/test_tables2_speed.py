"""The remembered signatures answer as django-tables2's own function does."""

import functools

from django_tables2 import utils

from perfmgmt import tables2_speed


def plain(value, record): ...


def catch_all(value, **kwargs): ...


class Table:
    def render_rag(self, value): ...

    def render_row(self, value, record, *args, **extra): ...


def test_it_is_applied_at_start_up():
    assert utils.signature is tables2_speed.signature


def test_it_answers_as_the_library_does_for_functions_and_methods():
    for fn in (plain, catch_all, Table().render_rag, Table().render_row, Table.render_rag):
        args, keywords = tables2_speed._asked_each_time(fn)
        assert tables2_speed.signature(fn) == (tuple(args), keywords)


def test_a_bound_method_and_its_function_are_remembered_apart():
    assert tables2_speed.signature(Table().render_rag) == (("value",), None)
    assert tables2_speed.signature(Table.render_rag) == (("self", "value"), None)


def test_a_decorated_function_is_asked_each_time():
    def decorate(function):
        @functools.wraps(function)
        def inner(*args, **kwargs):
            return function(*args, **kwargs)

        return inner

    one, two = decorate(plain), decorate(catch_all)
    assert tables2_speed.signature(one) == (("value", "record"), None)
    assert tables2_speed.signature(two) == (("value",), "kwargs")


def test_lambdas_made_again_and_again_do_not_grow_the_memory():
    before = len(tables2_speed._known)
    for _ in range(100):
        assert tables2_speed.signature(lambda value: value) == (("value",), None)
    assert len(tables2_speed._known) <= before + 1


def test_rendering_still_passes_what_each_render_method_asks_for():
    assert utils.call_with_appropriate(plain, {"value": 1, "record": 2, "table": 3}) is None
    assert utils.call_with_appropriate(
        lambda value, record: (value, record), {"value": 1, "record": 2, "table": 3}
    ) == (1, 2)
