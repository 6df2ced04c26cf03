"""Our own curated list of internship skills: `skill|category|alias;alias` per line.

`build_taxonomy.py` enriches these aliases from GitHub Linguist and O*NET and writes
`skills_taxonomy.csv`; edit this list, then rerun the builder.
"""

from __future__ import annotations

CURATED = """
Python|language|py;python3;python 3;py3
Java|language|core java;java se;java ee
JavaScript|language|JS;ecmascript;es6;vanilla js
TypeScript|language|TS
C|language|c language;c programming;ansi c
C++|language|cpp;cplusplus;c plus plus;c++ programming
C#|language|csharp;c sharp
Go|language|golang
Rust|language|rust-lang
Ruby|language|
Kotlin|language|
Swift|language|
Objective-C|language|objc;objective c
Scala|language|
R|language|r programming;rstats;r language
MATLAB|language|matlab programming
Julia|language|
PHP|language|
Perl|language|
Bash|language|bash scripting;shell scripting;shell;unix shell
PowerShell|language|
SQL|language|structured query language;t-sql;tsql;pl/sql;plsql
HTML|language|html5
CSS|language|css3
Dart|language|
Haskell|language|
Elixir|language|
Erlang|language|
Clojure|language|
F#|language|fsharp
OCaml|language|
Lua|language|
Fortran|language|
COBOL|language|
Assembly|language|assembly language;x86 assembly
Verilog|language|
SystemVerilog|language|system verilog
VHDL|language|
Solidity|language|
Groovy|language|
Visual Basic|language|VB;VBA;VB.NET
LabVIEW|language|
Zig|language|
Apex|language|salesforce apex
React|framework|react.js;reactjs;react js
React Native|framework|react-native
Angular|framework|angularjs;angular.js
Vue|framework|vue.js;vuejs
Svelte|framework|sveltekit
Next.js|framework|nextjs;next js
Node.js|framework|node;nodejs;node js
Express|framework|express.js;expressjs
Django|framework|
Flask|framework|
FastAPI|framework|fast api
Spring|framework|spring boot;springboot;spring framework
.NET|framework|dotnet;.net core;asp.net;dot net
Ruby on Rails|framework|rails
Laravel|framework|
jQuery|framework|
AJAX|framework|
Hibernate|framework|hibernate orm
WordPress|framework|
Drupal|framework|
Bootstrap|framework|
Tailwind CSS|framework|tailwind;tailwindcss
Redux|framework|
GraphQL|framework|
REST APIs|framework|rest;restful;rest api;restful apis;rest apis
gRPC|framework|
Flutter|framework|
SwiftUI|framework|
Android|framework|android development;android sdk
iOS|framework|ios development
Electron|framework|
Unity|framework|unity3d
Unreal Engine|framework|unreal;ue5
Qt|framework|
ROS|framework|robot operating system;ros2
OpenCV|framework|
Playwright|framework|
Selenium|framework|
Cypress|framework|
Jest|framework|
JUnit|framework|
pytest|framework|py.test
PyTorch|framework|torch
TensorFlow|framework|tensor flow
Keras|framework|
scikit-learn|framework|sklearn;scikit learn;scikit
XGBoost|framework|
LightGBM|framework|
Hugging Face|framework|huggingface;hugging face transformers;transformers
LangChain|framework|
JAX|framework|
CUDA|framework|
Pandas|data|
NumPy|data|numpy
SciPy|data|
Polars|data|
Matplotlib|data|
Seaborn|data|
Plotly|data|
Jupyter|data|jupyter notebook;jupyter notebooks;jupyterlab
Apache Spark|data|spark;pyspark;spark sql
Hadoop|data|apache hadoop;hdfs;mapreduce
Apache Hive|data|hive;hiveql
NoSQL|data|nosql databases
JSON|data|
XML|data|
Teradata|data|
IBM Db2|data|db2
SSIS|data|sql server integration services
SSRS|data|sql server reporting services
Informatica|data|informatica powercenter
Google Analytics|data|
ArcGIS|data|esri arcgis
Kafka|data|apache kafka
Airflow|data|apache airflow
dbt|data|data build tool
Snowflake|data|
Databricks|data|
BigQuery|data|google bigquery
Redshift|data|amazon redshift
PostgreSQL|data|postgres;postgresql database;psql
MySQL|data|
SQLite|data|
Microsoft SQL Server|data|sql server;MSSQL;ms sql
Oracle Database|data|oracle db;oracle sql
MongoDB|data|mongo
Redis|data|
Cassandra|data|apache cassandra
DynamoDB|data|amazon dynamodb
Elasticsearch|data|elastic search;ELK
Neo4j|data|
Firebase|data|
Supabase|data|
Tableau|data|
Power BI|data|powerbi;microsoft power bi
Looker|data|
Excel|data|microsoft excel;ms excel;advanced excel
Google Sheets|data|
SAS|data|sas programming
SPSS|data|ibm spss
Stata|data|
Alteryx|data|
ETL|data|extract transform load;ELT;data pipelines
Data Analysis|data|data analytics;analyzing data
Data Visualization|data|data viz;dataviz
Statistics|data|statistical analysis;statistical modeling
A/B Testing|data|ab testing;a/b tests;experimentation
Machine Learning|data|ML;machine-learning
Deep Learning|data|neural networks
Natural Language Processing|data|NLP
Computer Vision|data|
LLMs|data|LLM;large language models;large language model;GenAI;generative ai
Reinforcement Learning|data|RL
Artificial Intelligence|data|AI
MLOps|data|ml ops
Feature Engineering|data|
Time Series Analysis|data|time series;forecasting
Data Modeling|data|data modelling
Data Warehousing|data|data warehouse
AWS|cloud|amazon web services;amazon aws;EC2;S3;amazon ec2;amazon s3
Azure|cloud|microsoft azure
GCP|cloud|google cloud;google cloud platform
Docker|cloud|docker compose
Kubernetes|cloud|k8s
Terraform|cloud|
Ansible|cloud|
Puppet|cloud|
Chef|cloud|
OpenShift|cloud|red hat openshift
Apache Tomcat|cloud|tomcat
CloudFormation|cloud|aws cloudformation
Serverless|cloud|aws lambda;cloud functions
Linux|cloud|gnu/linux;ubuntu;red hat;rhel;centos;unix
Windows Server|cloud|
Networking|cloud|computer networking;network engineering;networks
TCP/IP|cloud|tcp;tcp/ip networking
DNS|cloud|
Active Directory|cloud|azure ad;entra id
VMware|cloud|vsphere
Nginx|cloud|
Microservices|cloud|microservice architecture
Distributed Systems|cloud|
CI/CD|cloud|continuous integration;continuous deployment;ci cd;cicd
Jenkins|cloud|
GitHub Actions|cloud|
GitLab CI|cloud|gitlab
Prometheus|cloud|
Grafana|cloud|
Datadog|cloud|
Splunk|security|
Cybersecurity|security|cyber security;information security;infosec
Network Security|security|
Penetration Testing|security|pen testing;pentesting;pentest;ethical hacking
Vulnerability Assessment|security|vulnerability management;vulnerability scanning
Incident Response|security|
SIEM|security|security information and event management
Threat Intelligence|security|threat intel;threat hunting
Cryptography|security|encryption
Identity and Access Management|security|IAM;identity management
Wireshark|security|
Nmap|security|
Metasploit|security|
Burp Suite|security|burp
Kali Linux|security|kali
Malware Analysis|security|reverse engineering
Digital Forensics|security|forensics
Firewalls|security|firewall
Cloud Security|security|
Application Security|security|appsec;secure coding
NIST|security|nist csf;nist 800-53
Risk Assessment|security|risk management
Compliance|security|GRC;soc 2;iso 27001
CrowdStrike|security|
Git|tool|git version control;version control
GitHub|tool|
Jira|tool|atlassian jira
Confluence|tool|
Postman|tool|
Figma|tool|
Adobe XD|tool|
Sketch|tool|
Adobe Photoshop|tool|photoshop
Adobe Illustrator|tool|illustrator
Adobe Creative Suite|tool|adobe creative cloud
Canva|tool|
Wireframing|tool|wireframes
Prototyping|tool|prototypes
User Research|tool|ux research;usability testing
UX Design|tool|UX;user experience;user experience design
UI Design|tool|UI;user interface design
Product Management|tool|product roadmap;roadmapping
Agile|tool|scrum;agile methodologies;kanban
Salesforce|tool|
SAP|tool|
ServiceNow|tool|
Microsoft Office|tool|ms office;microsoft 365;office 365
PowerPoint|tool|microsoft powerpoint
Microsoft Word|tool|ms word
Visual Studio Code|tool|vs code;vscode
Visual Studio|tool|
IntelliJ IDEA|tool|intellij
Vim|tool|
Eclipse|tool|eclipse ide
Maven|tool|apache maven
Bitbucket|tool|
Subversion|tool|SVN;apache subversion
SharePoint|tool|microsoft sharepoint
Visio|tool|microsoft visio
Slack|tool|
Linux Kernel|tool|kernel development
Embedded Systems|tool|embedded;embedded software;embedded c
Firmware|tool|firmware development
RTOS|tool|freertos;real-time operating systems
Microcontrollers|tool|MCU;microcontroller;arm cortex-m;stm32;arduino
Raspberry Pi|tool|
FPGA|tool|fpgas
PCB Design|tool|PCB;altium;altium designer;kicad
Circuit Design|tool|circuit analysis;analog circuits;digital circuits
Oscilloscope|tool|oscilloscopes
SPICE|tool|ltspice;pspice
Cadence|tool|cadence virtuoso
Simulink|tool|
SolidWorks|tool|solid works
AutoCAD|tool|
CAD|tool|computer-aided design
Signal Processing|tool|DSP;digital signal processing
Computer Architecture|tool|
Operating Systems|tool|os internals;operating system
Robotics|tool|
Control Systems|tool|control theory
Quantitative Analysis|tool|quant analysis;quantitative research
Probability|tool|probability theory
Stochastic Calculus|tool|
Derivatives Pricing|tool|options pricing;derivatives
Financial Modeling|tool|financial modelling
Algorithmic Trading|tool|algo trading;systematic trading
Linear Algebra|tool|
Optimization|tool|mathematical optimization;convex optimization
Data Structures|tool|data structures and algorithms;DSA
Algorithms|tool|algorithm design
Object-Oriented Programming|tool|OOP;object oriented programming;object-oriented design
System Design|tool|systems design
Software Testing|tool|unit testing;QA;quality assurance;test automation
Debugging|tool|troubleshooting code
Technical Support|tool|help desk;helpdesk;IT support;desktop support
Troubleshooting|tool|
Communication|soft|communication skills;written communication;verbal communication;communicator
Teamwork|soft|team player;collaboration;collaborative;cross-functional collaboration
Leadership|soft|leader;leading teams
Problem Solving|soft|problem-solving;problem solver;solving problems
Critical Thinking|soft|analytical thinking;analytical skills
Time Management|soft|prioritization;organizational skills
Attention to Detail|soft|detail-oriented;detail oriented
Adaptability|soft|flexibility;adaptable
Creativity|soft|creative thinking
Presentation Skills|soft|public speaking;presenting
Project Management|soft|
Customer Service|soft|customer-facing
Mentorship|soft|mentoring
Curiosity|soft|eagerness to learn;willingness to learn
Ownership|soft|self-starter;self-motivated
Technical Writing|soft|technical documentation
"""
