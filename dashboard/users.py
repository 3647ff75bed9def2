"""Local accounts from the command line.

python -m dashboard.users add NAAM --role bestuur|analist|beheer   (wachtwoord via prompt of stdin)
python -m dashboard.users list
python -m dashboard.users demo     (demo-accounts met nieuwe wachtwoorden; nooit in productie)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard import auth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.users", description="Lokale accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="een account toevoegen of zijn wachtwoord/rol wijzigen")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=auth.ROLES[1:])
    sub.add_parser("list", help="de accounts (zonder wachtwoorden)")
    sub.add_parser("demo", help="demo-accounts aanmaken en hun wachtwoorden tonen")
    args = parser.parse_args(argv)
    try:
        if args.command == "add":
            password = getpass.getpass("Wachtwoord: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
            auth.add_user(args.name, args.role, password)
            print(f"account {args.name} ({args.role}) bewaard in {auth.users_file()}")
        elif args.command == "list":
            for account in auth.load_accounts().values():
                status = "uitgeschakeld" if account.disabled else ""
                print(f"{account.name:<24} {account.role:<8} {'demo' if account.demo else '':<5} {status}".rstrip())
        else:
            made = auth.create_demo_accounts()
            print("DEMO-accounts (alleen voor lokaal gebruik; geweigerd met MECHELEN_ENV=production):")
            for name, (role, password) in made.items():
                print(f"  {name:<16} rol {role:<8} wachtwoord {password}")
    except (ValueError, auth.AccessDenied) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
