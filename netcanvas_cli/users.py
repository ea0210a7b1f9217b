"""`netcanvas users add|import|list|give|passwd|remove|limits`: accounts, for
NETCANVAS_AUTH=accounts, and each account's limits.

They act on the database of the environment (`DATABASE_URL`, else SQLite in
`NETCANVAS_DATA_DIR`), migrated first, so an admin's first account comes from
here before the server ever ran. A password comes from standard input
(`--password-stdin`, its first line) or, on a terminal, from a prompt that does
not echo it; it is never printed, logged or taken as an argument. A password
handed out (`--temporary`, and every one `import` generates) must be changed
at the next sign-in before anything else answers. Exit status:
0 done, 1 refused (the reason on standard error), 2 a bad command line.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import shutil
import sys
import unicodedata
from typing import Any

ROLES = ("student", "teacher", "admin")
TEMPORARY = "a one-time password: the user must change it at their next sign-in"
# `users limits` flags -> the limit each sets (backend.user_limits), and how it is shown
LIMIT_FLAGS = {
    "running_jobs": ("max_running_jobs", "running jobs"),
    "active_jobs": ("max_active_jobs", "active jobs"),
    "upload_mb": ("max_upload_mb", "upload MiB"),
    "storage_mb": ("max_storage_mb", "storage MiB"),
}
DEFAULT = "default"


def add_parser(commands: Any) -> None:
    users = commands.add_parser("users", help="add, list, change or remove accounts")
    actions = users.add_subparsers(required=True, metavar="ACTION")

    add = actions.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="student")
    add.add_argument("--password-stdin", action="store_true", help="read the password there")
    add.add_argument("--temporary", action="store_true", help=TEMPORARY)
    add.set_defaults(run=_add)

    many = actions.add_parser(
        "import",
        help="add an account per name in a CSV (first column); print their one-time passwords",
    )
    many.add_argument("file", help="a CSV file, one name per row (a header 'name' is skipped)")
    many.add_argument("--role", choices=ROLES, default="student")
    many.set_defaults(run=_import)

    listing = actions.add_parser("list", help="list the accounts")
    listing.set_defaults(run=_list)

    give = actions.add_parser(
        "give",
        help="hand everything an account owns (projects, networks, datasets, jobs) to another; "
        "`give local NAME` hands over what was made before accounts were on; a dataset whose "
        'name TO has already gets a free one ("NAME (2)")',
    )
    give.add_argument("giver", metavar="FROM")
    give.add_argument("taker", metavar="TO")
    give.set_defaults(run=_give)

    passwd = actions.add_parser("passwd", help="set an account's password; its sessions end")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password there")
    passwd.add_argument("--temporary", action="store_true", help=TEMPORARY)
    passwd.set_defaults(run=_passwd)

    remove = actions.add_parser("remove", help="remove an account and everything it owns")
    remove.add_argument("name")
    remove.set_defaults(run=_remove)

    limits = actions.add_parser(
        "limits", help="show an account's limits (jobs, upload size, storage), or set them"
    )
    limits.add_argument("name")
    for flag, (setting, _) in LIMIT_FLAGS.items():
        wording = f"set {setting} for this account ('default': the server's)"
        limits.add_argument(f"--{flag.replace('_', '-')}", type=_figure, metavar="N", help=wording)
    limits.add_argument("--reset", action="store_true", help="every limit back to the server's")
    limits.set_defaults(run=_limits)


def _figure(text: str) -> int | str:
    if text == DEFAULT:
        return DEFAULT
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number or 'default': {text!r}") from None


def _sessions() -> Any:
    from backend.db.migrate import upgrade
    from backend.db.session import session_factory
    from backend.settings import get_settings

    database = get_settings().database
    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(database)
    return session_factory(database)


def _password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        print("netcanvas: give the password on standard input with --password-stdin",
              file=sys.stderr)  # fmt: skip
        return None
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        print("netcanvas: the two passwords differ", file=sys.stderr)
        return None
    return first


def _refused(error: Exception) -> int:
    print(f"netcanvas: {error}", file=sys.stderr)
    return 1


def _add(args: argparse.Namespace) -> int:
    from backend.accounts import AccountError, add_user

    if _exists(args.name):  # said first, before a password is asked for or judged
        return _refused(AccountError("account.exists", name=repr(args.name)))
    password = _password(args.password_stdin)
    if password is None:
        return 1
    with _sessions()() as session:
        try:
            user = add_user(session, args.name, password, args.role, temporary=args.temporary)
        except AccountError as error:
            return _refused(error)
        once = "; they change the password at their first sign-in" if args.temporary else ""
        print(f"added {user.name} ({user.role}){once}")
    return 0


def _exists(name: str) -> bool:
    from backend.accounts import AccountError, find

    with _sessions()() as session:
        try:
            find(session, name)
        except AccountError:
            return False
    return True


def _import(args: argparse.Namespace) -> int:
    """Every name, or none: a name that cannot be used or is taken stops the import."""
    from backend.accounts import AccountError, add_user, check_name, generated_password

    try:
        with open(args.file, encoding="utf-8-sig", newline="") as file:
            rows = [row for row in csv.reader(file) if row and row[0].strip()]
    except (OSError, UnicodeDecodeError) as error:
        return _refused(error)
    names = [row[0].strip() for row in rows]
    if names and names[0].lower() == "name":
        names = names[1:]
    with _sessions()() as session:
        try:
            for name in names:
                check_name(name)
            added = []
            for name in names:
                password = generated_password()
                user = add_user(session, name, password, args.role, commit=False, temporary=True)
                added.append((user.name, password))  # as kept: `accounts.normal_name`
            session.commit()
        except AccountError as error:
            session.rollback()
            return _refused(error)
    out = csv.writer(sys.stdout)
    out.writerow(["name", "password"])
    out.writerows(added)
    return 0


def _list(args: argparse.Namespace) -> int:
    """The accounts, by name; the no-accounts user ("local") after them, in a note, when it
    owns anything (`backend.loopback`): it is no account, and `give` hands its work over."""
    from sqlalchemy import func, select

    from backend.db.models import User
    from backend.loopback import holdings, is_loopback
    from backend.settings import get_settings

    single = get_settings().single_user
    with _sessions()() as session:
        loopback = None
        for user in session.scalars(select(User).order_by(func.lower(User.name), User.name)):
            if is_loopback(user, single):
                loopback = user
                continue
            sign_in = "password" if user.password_hash else "no password"
            once = "  must change password" if user.must_change_password else ""
            print(f"{padded(user.name, 24)} {user.role:<8} {sign_in:<12} "
                  f"{user.created_at:%Y-%m-%d}{once}")  # fmt: skip
        owned = holdings(session, loopback) if loopback is not None else {}
        if owned:
            what = ", ".join(f"{count} {kind}" for kind, count in owned.items())
            print(f"\n{single} (the user of NETCANVAS_AUTH=none; no one signs in as it) "
                  f"owns {what}: `netcanvas users give {single} NAME` hands them to an "
                  "account")  # fmt: skip
    return 0


def padded(text: str, width: int) -> str:
    """`text` and spaces up to `width` terminal columns: a wide character (田, ｱ) takes two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def _give(args: argparse.Namespace) -> int:
    """Hand everything FROM owns to TO; FROM, an account, stays (`remove` removes it). A
    dataset whose name TO has already gets a free one (" (2)"), said on a line of its own."""
    from backend.accounts import AccountError, find
    from backend.loopback import give_all

    with _sessions()() as session:
        try:
            giver, taker = find(session, args.giver), find(session, args.taker)
        except AccountError as error:
            return _refused(error)
        if giver.id == taker.id:
            return _refused(Exception(f"{giver.name} and {taker.name} are the same user"))
        given = give_all(session, giver, taker)
        what = ", ".join(f"{count} {kind}" for kind, count in given.handed.items()) or "nothing"
        print(f"gave {taker.name} what {giver.name} owned: {what}")
        for old, new in given.renamed:
            print(f'the dataset "{old}" is now "{new}": {taker.name} had one of that name')
    return 0


def _passwd(args: argparse.Namespace) -> int:
    from backend.accounts import AccountError, set_password

    password = _password(args.password_stdin)
    if password is None:
        return 1
    with _sessions()() as session:
        try:
            user = set_password(session, args.name, password, temporary=args.temporary)
        except AccountError as error:
            return _refused(error)
        once = "; they change it at their next sign-in" if args.temporary else ""
        print(f"changed the password of {user.name}; their sessions have ended{once}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    """Remove the account, everything it owns, and its jobs' files (their events go when a
    new job takes the same id: `backend.jobs.clear_leftovers`)."""
    from backend.accounts import AccountError, remove_user
    from backend.jobs import job_files
    from backend.settings import get_settings

    with _sessions()() as session:
        try:
            job_ids = remove_user(session, args.name)
        except AccountError as error:
            return _refused(error)
    for job_id in job_ids:
        for folder in job_files(get_settings(), job_id):
            shutil.rmtree(folder, ignore_errors=True)
    print(f"removed {args.name}")
    return 0


def _limits(args: argparse.Namespace) -> int:
    """Print the account's limits, after setting those the flags give (the others kept)."""
    from pydantic import ValidationError
    from sqlalchemy import select

    from backend import user_limits
    from backend.accounts import normal_name
    from backend.db.models import User
    from backend.settings import get_settings
    from netcanvas.messages import render

    settings = get_settings()
    given = {flag: getattr(args, flag) for flag in LIMIT_FLAGS if getattr(args, flag) is not None}
    with _sessions()() as session:
        user = session.scalars(select(User).where(User.name == normal_name(args.name))).first()
        if user is None:
            return _refused(Exception(render("account.unknown", {"name": repr(args.name)})))
        if given or args.reset:
            kept = {} if args.reset else user_limits.overrides(user).model_dump(exclude_none=True)
            for flag, value in given.items():
                kept[LIMIT_FLAGS[flag][0]] = None if value == DEFAULT else value
            try:
                wanted = user_limits.LimitOverrides(**kept)
            except ValidationError as error:
                return _refused(Exception(_flag_problems(error)))
            if (wanted.max_upload_mb or 0) > settings.max_upload_mb:
                limit = settings.max_upload_mb
                return _refused(Exception(render("limits.upload_above_server", {"limit": limit})))
            user_limits.store(user, wanted)
            session.commit()
        _print_limits(user, settings)
    return 0


def _flag_problems(error: Any) -> str:
    flags = {setting: f"--{flag.replace('_', '-')}" for flag, (setting, _) in LIMIT_FLAGS.items()}
    return "; ".join(
        f"{flags.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}" for e in error.errors()
    )


def _print_limits(user: Any, settings: Any) -> None:
    from backend import user_limits

    effective = user_limits.effective(user, settings)
    own = user_limits.overrides(user)
    print(f"limits of {user.name}:")
    for setting, label in LIMIT_FLAGS.values():
        value, server = getattr(effective, setting), getattr(settings, setting)
        if user_limits.source(user, settings, setting)["code"] == "limit.yours":
            origin = f"set for {user.name} (the server's: {server})"
        elif getattr(own, setting) is not None:
            origin = (
                f"the server's NETCANVAS_{setting.upper()}, below the {getattr(own, setting)} set"
            )
        else:
            origin = f"the server's (NETCANVAS_{setting.upper()})"
        print(f"  {label:<13}{value:>8}  {origin}")
