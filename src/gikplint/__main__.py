from gikplint.cli import main

raise SystemExit(main())
