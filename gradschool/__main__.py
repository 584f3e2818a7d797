"""`python -m gradschool ...` is the `gradschool` command."""
from .cli import main

if __name__ == "__main__":
    main()
