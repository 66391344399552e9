"""``python -m bench`` runs the whole benchmark; ``python -m bench phase NAME JSON`` is one
measurement in a fresh process (bench.run starts these)."""

import json
import os
import sys


def main(argv):
    if len(argv) >= 2 and argv[0] == "phase":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        import django

        django.setup()
        from bench.measure import PHASES

        arguments = json.loads(argv[2]) if len(argv) > 2 else {}
        result = PHASES[argv[1]](**arguments)
        sys.stdout.write("\n" + json.dumps(result) + "\n")
        return 0
    from bench.run import benchmark

    return benchmark(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
