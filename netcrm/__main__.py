from netcrm.cli import main

main()
