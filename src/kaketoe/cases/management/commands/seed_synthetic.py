"""Create reproducible synthetic families at scale, so benchmarks measure realistic volumes."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kaketoe.cases import synthetic


class Command(BaseCommand):
    help = "Create N synthetic families (with children, team and timeline) from seed S."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, families, seed, **options):
        if families < 1:
            raise CommandError("--families must be at least 1")
        with tqdm(total=families, unit="family", disable=options["verbosity"] == 0) as bar:
            made = synthetic.create(families, seed, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Created {made} synthetic families (seed {seed})."))
