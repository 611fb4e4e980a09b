"""Layer 3: outputs. Charts (house style, save_figure), narrative prose, tables and the Excel workbook,
the report runner and its HTML pages, the province brief, the explorer and JupyterLab helpers."""
