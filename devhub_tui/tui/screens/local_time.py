"""How a contact's local time reads in the app (issue 21; the rules are in
core/localtime.py): the dashboard's "Their time" cells and the contact screen's line.

The word says it all ("reachable", "asleep", "off hours"): the colour only helps, so
both themes (and a terminal without colour) read the same."""

from __future__ import annotations

from rich.text import Text

from devhub_tui.core.localtime import LocalTime, ZoneGuess

__all__ = ["QUEUE_TIME_WIDTH", "guess_line", "local_time_line", "their_time_cell"]

#: "14:02 reachable", "19:30 off hours": the widest cell of the queue's column.
QUEUE_TIME_WIDTH = 15


def _word(lt: LocalTime) -> Text:
    if lt.reachable:
        return Text(lt.word, style="bold green")
    return Text(lt.word, style="dim")


def their_time_cell(lt: LocalTime | None) -> Text:
    """"14:02 reachable" (bold) / "02:14 asleep" (dim); empty without a zone."""
    if lt is None:
        return Text("")
    cell = Text(lt.clock, style="bold" if lt.reachable else "")
    cell.append(" ")
    cell.append_text(_word(lt))
    return cell


def local_time_line(lt: LocalTime) -> Text:
    """"14:02 there · UTC+01:00 · reachable until 21:00", "02:14 there · UTC+05:30 ·
    asleep, reachable from 08:00" (the window is the account's, Settings)."""
    line = Text(lt.there, style="bold")
    line.append(f" · {lt.offset} · ")
    line.append_text(_word(lt))
    hours = lt.hours
    if lt.reachable:
        line.append(f" until {hours.end_text}", style="dim")
    else:
        line.append(f", reachable from {hours.start_text}", style="dim")
    return line


def guess_line(guess: ZoneGuess) -> Text:
    """"Looks like Europe/Berlin (from Berlin): press z to set"."""
    line = Text("Looks like ")
    line.append(guess.zone, style="bold")
    line.append(f" (from {guess.city}): press ")
    line.append("z", style="bold")
    line.append(" to set")
    return line
