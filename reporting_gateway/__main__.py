from reporting_gateway.cli import main

main()
