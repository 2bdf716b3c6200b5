"""The session: one store, opened for one person. The CLI and the app both build on it.

`Session` owns everything between "which file" and "whose contacts":

- opening the store (creating or migrating it; `devhub --demo`'s throwaway store
  is filled with the demo data first) and resuming the saved sign-in, the one
  place that reads the session secret (`open`, `resume`, `sign_in`, `sign_out`);
- the signed-in user's `Store`;
- the contact index the quick log and the command palette match names against
  (built on first use, in the caller's thread, and dropped on every change);
- syncing a replica (`start_sync`: the `SyncManager`);
- a change signal: `version` counts changes to the data -- this process's writes
  (`write`, `changed`), another process's (`check_external`: the CLI, a second
  devhub), a sync's pull -- and every change is announced to the subscribers.

Subscribers are called on the thread that made the change (usually a worker
thread), so they only hand the news on: a Textual screen posts itself a message
(`post_message` is thread-safe), the sync manager schedules its push on the UI
thread. Nothing here imports Textual (the CLI's commands must start fast), and
storage modules are imported when first needed.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.ids import Clock, system_clock

if TYPE_CHECKING:
    from devhub_tui.connect.store import ConnectStore
    from devhub_tui.core.quicklog import ContactIndex
    from devhub_tui.services.sync import SyncHost, SyncManager, SyncState
    from devhub_tui.storage.auth import Auth, UserRow
    from devhub_tui.storage.crypt import StoreKey
    from devhub_tui.storage.db import Database, SyncConfig
    from devhub_tui.storage.store import Contact, Store

P = ParamSpec("P")
T = TypeVar("T")


class SignedOutError(StoreError):
    """The session has no signed-in user (a store call after logging out)."""


@dataclass(frozen=True)
class Change:
    """One change to the data: `version` is the session's count after it; `local`:
    this process wrote it (False: another process, or a sync that pulled)."""

    version: int
    local: bool


Subscriber = Callable[[Change], object]


def log_linked(store: Store, contact_id: str, type_: str, date_ms: int, note: str,
               track_ids: Sequence[str] = (), resources: Sequence[tuple[str, str]] = ()) -> str:
    """Log an interaction; with `track_ids` (the quick log's `+words`) or `resources`
    (links it shared, as URL and title), linked and carrying them in the same
    transaction (issue 19). Returns the interaction's id."""
    if not track_ids and not resources:
        return store.log_interaction(contact_id, type_, date_ms, note)
    from devhub_tui.storage.tracks.links import log_with_links

    return log_with_links(store, contact_id, type_, date_ms, note, track_ids=track_ids,
                          resources=resources)


def create_and_log(store: Store, name: str, type_: str, date_ms: int, note: str,
                   track_ids: Sequence[str] = (),
                   resources: Sequence[tuple[str, str]] = ()) -> str:
    """Add contact `name` and log the interaction with them (linked as `log_linked`
    links it), in one transaction (all or nothing). Returns the new contact's id."""
    with store.db.write():
        contact_id = store.add_contact({"name": name})
        log_linked(store, contact_id, type_, date_ms, note, track_ids, resources)
    return contact_id


class Session:
    """One store file and the person signed in to it (see the module docstring)."""

    def __init__(
        self,
        db_path: Path | str,
        sync: SyncConfig | None = None,
        *,
        clock: Clock = system_clock,
        demo: bool = False,
    ) -> None:
        """Nothing is opened yet (`open` does that, in a thread: it is I/O). `demo`:
        `db_path` is a new throwaway store (`make_demo_path`) that `open` fills."""
        self.db_path = Path(db_path)
        self.sync_config = sync
        self.clock = clock
        self.demo = demo
        self.db: Database | None = None
        self._auth: Auth | None = None
        #: accounts in the store when `open` opened it (0: the app asks to create one)
        self.user_count = 0
        self.user: UserRow | None = None
        self._store: Store | None = None
        self.sync_manager: SyncManager | None = None
        #: bumped by every change (see `changed`)
        self.version = 0
        self._subscribers: list[Subscriber] = []
        self._signal_lock = threading.Lock()
        self._index: ContactIndex | None = None
        self._index_lock = threading.Lock()
        #: the signed-in account's conference mode (issue 20): the event everyone
        #: added or logged is met at, kept in its prefs (`conference_resumed`: it
        #: was on when the session opened, not started now)
        self.conference: str | None = None
        self.conference_resumed = False
        #: an encrypted store's key (`unlock`), in memory only: never in the session file
        self._key: StoreKey | None = None

    # -- opening and signing in ------------------------------------------------------
    def open(self) -> Session:
        """Open (creating or migrating) the store, count its accounts and resume the
        saved sign-in: what the app needs before its first screen."""
        self.open_store()
        self.user_count = self.auth.user_count()
        self.resume()
        return self

    def open_store(self) -> Database:
        """Open (creating or migrating) the store; the demo's is filled first. Raises
        StoreError (not a devhub file, damaged, locked, too new...)."""
        from devhub_tui.storage.auth import Auth
        from devhub_tui.storage.db import open_database

        fresh_demo = self.demo and not self.db_path.exists()
        if self._key is None and self.sync_config is None and self.needs_passphrase():
            import os

            from devhub_tui.storage.crypt import PASSPHRASE_ENV, passphrase_needed

            passphrase = os.environ.get(PASSPHRASE_ENV)
            if not passphrase:
                raise passphrase_needed(self.db_path)
            self.unlock(passphrase)
        copied = fresh_demo and self._place_demo_template()
        db = open_database(self.db_path, sync=self.sync_config, key=self._key)
        if fresh_demo:  # the throwaway store of `devhub --demo`: copied, else built
            try:
                self._finish_demo_store(db, copied)
            except BaseException:
                db.close()
                raise
        self.db = db
        self._auth = Auth(db, clock=self.clock)
        return db

    def _place_demo_template(self) -> bool:
        """Today's demo store, built by an earlier `devhub --demo`, copied into place."""
        from devhub_tui.services.demo_paths import DEMO_USER, is_demo_path
        from devhub_tui.services.demo_template import place

        return is_demo_path(self.db_path) and place(self.db_path, self.clock, DEMO_USER)

    def _finish_demo_store(self, db: Database, copied: bool) -> None:
        """A copied demo store gets a session of its own; otherwise the store is built
        (cheap demo hash) and kept as today's template (`demo_template.py`)."""
        if copied:
            from devhub_tui.services.demo_paths import DEMO_USER
            from devhub_tui.storage.auth import Auth
            from devhub_tui.storage.session_file import save_secret

            row = db.conn().execute("SELECT id FROM users WHERE username = ?",
                                    (DEMO_USER,)).fetchone()
            if row is not None:
                save_secret(self.db_path, Auth(db, clock=self.clock).create_session(row[0]),
                            DEMO_USER)
                return
        from devhub_tui.services.demo import fill_demo_store
        from devhub_tui.services.demo_template import save

        fill_demo_store(db, self.db_path, self.clock, throwaway=True)
        conn = db.conn()
        if isinstance(conn, sqlite3.Connection):
            save(conn, self.clock)

    def needs_passphrase(self) -> bool:
        """Whether the store is encrypted (storage/crypt.py) and not unlocked yet."""
        from devhub_tui.storage.crypt_files import is_encrypted

        return self._key is None and self.sync_config is None and is_encrypted(self.db_path)

    def unlock(self, passphrase: str) -> None:
        """Derive an encrypted store's key from its passphrase (argon2id: slow on
        purpose, call it in a thread); WrongPassphraseError (one line) when it is not
        the store's. The key stays in memory; the passphrase is not kept."""
        from devhub_tui.storage.crypt import unlock_key

        self._key = unlock_key(self.db_path, passphrase)

    def resume(self) -> UserRow | None:
        """The user of the saved session secret (sliding its expiry), or None when
        there is none or it expired; that user is then the session's."""
        from devhub_tui.storage.session_file import load_secret

        auth = self.auth
        secret = load_secret(self.db_path)
        self._adopt(auth.resume_session(secret) if secret else None)
        return self.user

    def sign_in(self, get_user: Callable[[Auth], UserRow]) -> UserRow:
        """Check or create the account (`get_user`: argon2, slow on purpose: call it
        in a thread), open a session and save its secret; that user is then the
        session's. What the sign-in screens and `devhub login` do."""
        from devhub_tui.storage.session_file import save_secret

        auth = self.auth
        user = get_user(auth)
        save_secret(self.db_path, auth.create_session(user.id), user.username)
        self._adopt(user)
        return user

    def sign_out(self) -> bool:
        """End the saved session (in the store too, when it is open) and forget the
        user. Returns whether there was a saved session."""
        from devhub_tui.storage.session_file import clear_secret, load_secret

        secret = load_secret(self.db_path)
        if secret:
            if self._auth is not None:
                self._auth.end_session(secret)
            clear_secret(self.db_path)
        self._adopt(None)
        return secret is not None

    @property
    def auth(self) -> Auth:
        """The store's accounts (once the store is open)."""
        if self._auth is None:
            raise StoreError("the store is not open")
        return self._auth

    def _adopt(self, user: UserRow | None) -> None:
        from devhub_tui.storage.store import Store

        self.user = user
        self._store = Store(self._db(), user.id, clock=self.clock) if user else None
        with self._index_lock:
            self._index = None
        self.conference = self._store.active_conference() if self._store else None
        self.conference_resumed = self.conference is not None

    def _db(self) -> Database:
        if self.db is None:
            raise StoreError("the store is not open")
        return self.db

    @property
    def signed_in(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> Store:
        """The signed-in user's store (SignedOutError when nobody is signed in)."""
        if self._store is None:
            raise SignedOutError("not signed in")
        return self._store

    def connect_store(self, user_id: str | None = None) -> ConnectStore:
        """Quick Connect's store (profile, events, links) for the signed-in user, or
        for `user_id` (a link made before a sign-out is still ended)."""
        from devhub_tui.connect.store import ConnectStore

        return ConnectStore(self._db(), user_id or self.store.user_id, clock=self.clock)

    @property
    def writable(self) -> bool:
        """False while a libSQL replica can't reach its server (its writes go there)."""
        return bool(getattr(self.db, "writable", True))

    def take_notes(self) -> list[str]:
        """What opening the store found (a mode made private...), said once."""
        if self.db is None:
            return []
        notes, self.db.notes = list(self.db.notes or ()), []
        return notes

    def close(self) -> None:
        """Stop syncing and close the store."""
        if self.sync_manager is not None:
            self.sync_manager.stop()
        if self.db is not None:
            self.db.close()

    # -- the contact index -----------------------------------------------------------
    def contact_index(self) -> ContactIndex:
        """The quick-log / palette name index: built in the calling (worker) thread on
        first use, kept until the next change."""
        with self._index_lock:
            if self._index is None:
                from devhub_tui.core.quicklog import ContactIndex

                self._index = ContactIndex(self.store.contact_refs())
                # The index's big containers (a slot per contact) were among the last
                # objects made, so they sat in the collector's youngest generation: the
                # next young collection, on whatever thread allocated next -- the UI's,
                # at the first key typed in the bar -- walked every slot (100k: 12 ms,
                # then 7 ms more one generation up). Collected here, in the worker,
                # they are old already.
                gc.collect(1)
            return self._index

    # -- the change signal -----------------------------------------------------------
    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call `subscriber(change)` after every change (on the thread that made it);
        returns the function that unsubscribes."""
        with self._signal_lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._signal_lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def changed(self, *, local: bool = True) -> Change:
        """The data changed: drop the contact index, bump `version`, tell the
        subscribers. A local write on a replica also schedules a push."""
        with self._index_lock:
            self._index = None
        with self._signal_lock:
            self.version += 1
            change = Change(self.version, local)
            subscribers = list(self._subscribers)
        if local and self.sync_manager is not None:
            self.sync_manager.note_write()
        for subscriber in subscribers:
            subscriber(change)
        return change

    def check_external(self, *, force: bool = False) -> bool:
        """Whether another process (the CLI, a second devhub) wrote to the store since
        the last look (one PRAGMA: call it in a worker); if so, or with `force`, that
        is a change. Signed out, nothing is looked at."""
        if self.db is None or not self.signed_in:
            return False
        if self.db.store_changed() or force:
            self.changed(local=False)
            return True
        return False

    # -- writes (call them in worker threads) ----------------------------------------
    def write(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a store write, then signal the change (not when it raised)."""
        result = fn(*args, **kwargs)
        self.changed()
        return result

    def log_interaction(self, contact_id: str, type_: str, date_ms: int, note: str, *,
                        track_ids: Sequence[str] = (),
                        resources: Sequence[tuple[str, str]] = ()) -> str:
        """The quick log's save: one interaction with a known contact (linked to
        `track_ids`, carrying `resources`: see `log_linked`). In conference mode the
        contact is tagged with the event too (same transaction)."""
        store, event = self.store, self.conference

        def save() -> str:
            with store.db.write():
                iid = log_linked(store, contact_id, type_, date_ms, note, track_ids,
                                 resources)
                if event:
                    store.tag_with_event(contact_id, event)
            return iid

        return self.write(save)

    def create_and_log(self, name: str, type_: str, date_ms: int, note: str, *,
                       track_ids: Sequence[str] = (),
                       resources: Sequence[tuple[str, str]] = ()) -> str:
        """The quick log's ctrl+n: a new contact and the interaction, in one write
        (in conference mode: tagged with the event and "met at EVENT" logged too)."""
        store, event = self.store, self.conference

        def save() -> str:
            with store.db.write():
                cid = create_and_log(store, name, type_, date_ms, note, track_ids,
                                     resources)
                if event:
                    self._met_at_conference(store, cid, event)
            return cid

        return self.write(save)

    def save_contact(self, contact: Contact | None, data: dict[str, object],
                     tags: list[str]) -> str:
        """The contact form's save: add (`contact` None) or update, with its tags.
        Returns the contact's id. A contact added in conference mode is tagged with
        the event and gets "met at EVENT"."""
        store, event = self.store, self.conference

        def save() -> str:
            if contact is None:
                with store.db.write():
                    cid = store.add_contact(data, tags)
                    if event:
                        self._met_at_conference(store, cid, event)
                return cid
            store.update_contact(contact.id, data)
            store.set_tags(contact.id, tags)
            return contact.id

        return self.write(save)

    # -- conference mode (issue 20) --------------------------------------------------
    @staticmethod
    def _met_at_conference(store: Store, contact_id: str, event: str) -> None:
        store.tag_with_event(contact_id, event)
        store.met_at(contact_id, event)

    def capture(self, name: str, notes: str = "") -> str:
        """Conference mode's quick add: the person, tagged, with "met at EVENT" and
        the notes. Returns the contact's id."""
        event = self.conference
        if not event:
            raise StoreError("conference mode is off")
        return self.write(self.store.capture_at_event, event, name, notes)

    def start_conference(self, event: str) -> str:
        """Turn conference mode on at `event` (its row made when new; remembered in
        the account's prefs). Returns the event's name as stored."""
        name = self.write(self.store.set_active_conference, event)
        assert name is not None
        self.conference, self.conference_resumed = name, False
        return name

    def leave_conference(self) -> None:
        """Turn conference mode off (nothing captured is touched)."""
        self.write(self.store.set_active_conference, None)
        self.conference, self.conference_resumed = None, False

    # -- sync (replicas) -------------------------------------------------------------
    def start_sync(self, host: SyncHost,
                   on_state: Callable[[SyncState], None]) -> SyncManager | None:
        """Keep a replica in sync in the background (see `services/sync.py`): on
        launch, after writes, periodically, on demand. None for a local store. The
        manager is made once: a later sign-in keeps it."""
        if self.db is None or self.db.mode == "local":
            return None
        if self.sync_manager is None:
            from devhub_tui.services.sync import SyncManager

            self.sync_manager = SyncManager(
                host, self.db, clock=self.clock, on_change=on_state,
                store=lambda: self._store, on_pulled=partial(self.changed, local=False),
            )
            self.sync_manager.start()
        return self.sync_manager
