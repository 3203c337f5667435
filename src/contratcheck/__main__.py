from contratcheck.cli import main

raise SystemExit(main())
